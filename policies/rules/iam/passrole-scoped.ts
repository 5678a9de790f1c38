import { ResourceValidationPolicy } from "@pulumi/policy";
import { coversAction } from "../../lib/actions-reached";
import { isExactArn } from "../../lib/resources";
import { describe, forEachIdentityDocument } from "../../lib/policy-helpers";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\//;

export const passRoleScoped: ResourceValidationPolicy = {
    name: "strongroom-iam-passrole-scoped",
    description:
        "In identity policies, iam:PassRole (however reached: a glob, NotAction) may be allowed only on exact role ARNs, never on `*`, a wildcard or NotResource.",
    remediationSteps: "Set Resource to the ARN of each role that may be passed.",
    enforcementLevel: "mandatory",
    validateResource: forEachIdentityDocument((doc, report) => {
        for (const s of doc.statements.filter((x) => x.effect === "Allow" && coversAction(x, "iam:PassRole"))) {
            const loose = s.resourcesNegated ? ["NotResource"] : (s.resources ?? ["*"]).filter((r) => !(isExactArn(r) && ROLE_ARN.test(r)));
            if (loose.length > 0) report(`${describe(s)} allows iam:PassRole on ${loose.join(", ")}.`);
        }
    }),
};
