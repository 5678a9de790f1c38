import { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, forEachDocument } from "../../lib/policy-helpers";

export const SENSITIVE_SERVICES = ["iam", "kms", "sts", "secretsmanager", "dynamodb", "ec2", "s3"];

export const noServiceWildcard: ResourceValidationPolicy = {
    name: "strongroom-iam-no-service-wildcard",
    description:
        "Allow statements must not grant a whole sensitive service (iam:*, kms:*, sts:*, secretsmanager:*, dynamodb:*, ec2:*, s3:*); a Deny with such a wildcard is a guard and is fine.",
    remediationSteps: "Replace the service wildcard with the specific actions needed.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { services: { type: "array", items: { type: "string" }, default: SENSITIVE_SERVICES } } },
    validateResource: forEachDocument((statements, report, config) => {
        const services: string[] = config.services ?? SENSITIVE_SERVICES;
        for (const s of statements.filter((x) => x.effect === "Allow")) {
            for (const a of s.actions ?? []) {
                const [service, action] = a.split(":");
                if (services.includes(service) && action === "*") report(`${describe(s)} allows ${a}.`);
            }
        }
    }),
};
