import { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, forEachIdentityDocument } from "../../lib/policy-helpers";

/** An entry whose service and action parts are only wildcards (`*`, `*:*`, `**:*`) reaches every action there is. */
const EVERY_ACTION = /^\*+(:\*+)?$/;

export const noWildcardAction: ResourceValidationPolicy = {
    name: "strongroom-iam-no-wildcard-action",
    description:
        "Identity policies (IAM policies, role/user/group inline policies, SSO permission-set policies) must not allow every action (`*`, `*:*`) or use NotAction in an Allow.",
    remediationSteps: "List the exact actions the principal needs; NotAction in an Allow grants every action AWS ever adds.",
    enforcementLevel: "mandatory",
    validateResource: forEachIdentityDocument((doc, report) => {
        for (const s of doc.statements.filter((x) => x.effect === "Allow")) {
            if (s.actionsNegated) report(`${describe(s)} uses NotAction in an Allow.`);
            else if (s.actions.some((a) => EVERY_ACTION.test(a))) report(`${describe(s)} allows every action.`);
        }
    }),
};
