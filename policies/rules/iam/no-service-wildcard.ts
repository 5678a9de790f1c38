import { ResourceValidationPolicy } from "@pulumi/policy";
import { actionsOf } from "../../lib/aws-actions";
import { allReached } from "../../lib/actions-reached";
import { describe, forEachIdentityDocument } from "../../lib/policy-helpers";

export const SENSITIVE_SERVICES = ["iam", "kms", "sts", "secretsmanager", "dynamodb", "ec2", "s3"];

export const noServiceWildcard: ResourceValidationPolicy = {
    name: "strongroom-iam-no-service-wildcard",
    description:
        "Allow statements of identity policies must not reach every action of a sensitive service (iam, kms, sts, secretsmanager, dynamodb, ec2, s3), however spelt (`iam:*`, `IAM:*`, `i?m:*`, NotAction); a Deny is a guard and is fine.",
    remediationSteps: "Replace the service wildcard with the specific actions needed.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { services: { type: "array", items: { type: "string" }, default: SENSITIVE_SERVICES } } },
    validateResource: forEachIdentityDocument((doc, report, config) => {
        const sensitive: string[] = config.services ?? SENSITIVE_SERVICES;
        for (const s of doc.statements.filter((x) => x.effect === "Allow")) {
            const reached = allReached(s);
            for (const service of sensitive) {
                const all = actionsOf(service).length;
                if (all > 0 && reached.filter((a) => a.service === service).length === all)
                    report(`${describe(s)} allows every ${service} action (${service}:*).`);
            }
        }
    }),
};
