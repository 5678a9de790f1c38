import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as aws from "@pulumi/aws";
import { parseDocument } from "../../lib/iam-document";

const SERVICE_ACCOUNT = /^system:serviceaccount:[a-z0-9-]+:[a-z0-9.-]+$/;

export const trustPolicy: ResourceValidationPolicy = {
    name: "strongroom-iam-trust-policy",
    description: "Role trust policies must not trust `*`, and an OIDC (IRSA) trust must pin `:sub` to one service account and `:aud` to sts.amazonaws.com.",
    remediationSteps:
        "Name the trusted principal. For IRSA add StringEquals conditions on <issuer>:sub = system:serviceaccount:<namespace>:<name> and <issuer>:aud = sts.amazonaws.com.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.iam.Role, (role, _args, reportViolation) => {
        const statements = parseDocument(role.assumeRolePolicy);
        if (!statements) return reportViolation("assumeRolePolicy is not a readable policy document.");
        for (const s of statements.filter((x) => x.effect === "Allow")) {
            const principals = s.principals ?? {};
            if (principals["*"] || (principals.AWS ?? []).includes("*")) reportViolation("the trust policy allows any principal (`*`).");
            for (const federated of principals.Federated ?? []) {
                if (!federated.includes(":oidc-provider/")) continue;
                const issuer = federated.split(":oidc-provider/")[1];
                const equals = s.conditions?.StringEquals ?? {};
                const sub = equals[`${issuer}:sub`] ?? [];
                const aud = equals[`${issuer}:aud`] ?? [];
                if (sub.length !== 1 || !SERVICE_ACCOUNT.test(sub[0]))
                    reportViolation(
                        `the OIDC trust for ${issuer} must pin ${issuer}:sub with StringEquals to exactly one system:serviceaccount:<namespace>:<name>.`,
                    );
                if (aud.length !== 1 || aud[0] !== "sts.amazonaws.com")
                    reportViolation(`the OIDC trust for ${issuer} must pin ${issuer}:aud to sts.amazonaws.com.`);
            }
        }
    }),
};
