import { ResourceValidationPolicy } from "@pulumi/policy";

const ADMIN_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(.*\/)?(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess)$/;
const ATTACHMENT_TYPES = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
];

export const noAdminManagedPolicies: ResourceValidationPolicy = {
    name: "strongroom-iam-no-admin-managed-policies",
    description: "AWS managed admin policies (AdministratorAccess, PowerUserAccess, IAMFullAccess, any *FullAccess) must not be attached.",
    remediationSteps: "Attach a policy with the specific actions needed instead.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const arns: string[] = ATTACHMENT_TYPES.includes(args.type)
            ? [args.props.policyArn]
            : args.type === "aws:iam/role:Role"
              ? (args.props.managedPolicyArns ?? [])
              : args.notApplicable("Policy only applies to IAM roles and policy attachments");
        for (const arn of arns.filter((a) => ADMIN_POLICY.test(String(a)))) reportViolation(`attaches the admin policy ${arn}.`);
    },
};
