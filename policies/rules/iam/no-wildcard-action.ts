import { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, forEachDocument } from "../../lib/policy-helpers";

export const noWildcardAction: ResourceValidationPolicy = {
    name: "strongroom-iam-no-wildcard-action",
    description: 'IAM policy statements must not allow every action (`Action: "*"`) or use NotAction in an Allow.',
    remediationSteps: "List the exact actions the principal needs; NotAction in an Allow grants every action AWS ever adds.",
    enforcementLevel: "mandatory",
    validateResource: forEachDocument((statements, report) => {
        for (const s of statements.filter((x) => x.effect === "Allow")) {
            if (s.actions?.some((a) => a === "*" || a === "*:*")) report(`${describe(s)} allows every action.`);
            if (s.notActions) report(`${describe(s)} uses NotAction in an Allow.`);
        }
    }),
};
