import { ResourceValidationPolicy } from "@pulumi/policy";
import { coversAction } from "../../lib/iam-document";
import { describe, forEachDocument } from "../../lib/policy-helpers";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[^*?]+$/;

export const passRoleScoped: ResourceValidationPolicy = {
    name: "strongroom-iam-passrole-scoped",
    description: "iam:PassRole may be allowed only on explicit role ARNs, never on `*` or a wildcard.",
    remediationSteps: "Set Resource to the ARN of each role that may be passed.",
    enforcementLevel: "mandatory",
    validateResource: forEachDocument((statements, report) => {
        for (const s of statements.filter((x) => x.effect === "Allow" && coversAction(x, "iam:PassRole"))) {
            const loose = s.notResources ? ["NotResource"] : (s.resources ?? ["*"]).filter((r) => !ROLE_ARN.test(r));
            if (loose.length > 0) report(`${describe(s)} allows iam:PassRole on ${loose.join(", ")}.`);
        }
    }),
};
