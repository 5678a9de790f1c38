import { StackValidationPolicy } from "@pulumi/policy";
import { attachedTo } from "../../lib/attached";

const ATTACHMENT_TYPES = ["aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment"];

export const roleManagement: StackValidationPolicy = {
    name: "strongroom-iam-role-management",
    description:
        "An IAM role's policies are managed either on the role (inlinePolicies, managedPolicyArns) or by separate RolePolicy/RolePolicyAttachment resources, never both: the two fight and each deploy undoes the other.",
    remediationSteps: "Move the role's policies to one style; Strongroom uses separate RolePolicy and RolePolicyAttachment resources.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const role of args.resources.filter((r) => r.type === "aws:iam/role:Role")) {
            const onRole = (role.props.inlinePolicies ?? []).length > 0 || (role.props.managedPolicyArns ?? []).length > 0;
            if (!onRole) continue;
            const separate = ATTACHMENT_TYPES.flatMap((type) => attachedTo(role, args.resources, type, "role"));
            if (separate.length > 0) reportViolation(`role ${role.name} has policies on the role and in ${separate.map((r) => r.name).join(", ")}.`, role.urn);
        }
    },
};
