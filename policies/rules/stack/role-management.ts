import { StackValidationPolicy } from "@pulumi/policy";
import { joined, targetsOf } from "../../lib/joins";
import { known } from "../../lib/known";

const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

export const roleManagement: StackValidationPolicy = {
    name: "strongroom-iam-role-management",
    description:
        "An IAM role's policies are managed either on the role (inlinePolicies, managedPolicyArns) or by separate RolePolicy, RolePolicyAttachment, RolePoliciesExclusive, RolePolicyAttachmentsExclusive or PolicyAttachment resources, never both: the two fight and each deploy undoes the other. A separate resource belongs to a role when its role input comes from the role (an output, known or not at preview) or names it literally (its name or ARN).",
    remediationSteps: "Move the role's policies to one style; Strongroom uses separate RolePolicy and RolePolicyAttachment resources.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const role of targetsOf(args.resources, "rolePolicies")) {
            const onRole = nonEmpty(known(role.props, "inlinePolicies")) || nonEmpty(known(role.props, "managedPolicyArns"));
            if (!onRole) continue;
            const separate = joined(role, args.resources, "rolePolicies");
            if (separate.length > 0) reportViolation(`role ${role.name} has policies on the role and in ${separate.map((r) => r.name).join(", ")}.`, role.urn);
        }
    },
};
