import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsManagedName, managedPolicyFindings } from "../../lib/managed-policies";

/** Every resource type that attaches a managed policy, and the input(s) naming it (from the provider's types). */
export const ATTACHING_INPUTS: Record<string, string> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
    "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
    "aws:iam/role:Role": "managedPolicyArns",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "policyArns",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": "policyArns",
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": "managedPolicyArn",
    "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive": "managedPolicyArns",
    "aws:rolesanywhere/profile:Profile": "managedPolicyArns",
};

export const noAdminManagedPolicies: ResourceValidationPolicy = {
    name: "strongroom-iam-no-admin-managed-policies",
    description:
        "No AWS managed policy whose document grants administration — every action of a service, most of a service's writes, or IAM escalation, on every resource — may be attached, by any attaching resource (role, user and group attachments, exclusive attachments, a role's managedPolicyArns, SSO permission sets, Roles Anywhere profiles). Judged by the policy's current document (AWS's managed-policy data), not its name.",
    remediationSteps: "Attach a policy with the specific actions needed instead.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const input = ATTACHING_INPUTS[args.type];
        if (!input) return args.notApplicable("Policy only applies to resources that attach managed policies");
        const value = args.props[input];
        for (const arn of (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String)) {
            const name = awsManagedName(arn);
            if (!name) continue; // A customer managed policy is judged where it is defined (aws.iam.Policy).
            const findings = managedPolicyFindings(name);
            if (findings === undefined)
                reportViolation(`${arn} is not an AWS managed policy in the pack's data (a typo, or newer than the data): it cannot be judged.`);
            else if (findings.length > 0) reportViolation(`attaches ${arn}, whose document grants administration: ${findings.join("; ")}.`);
        }
    },
};
