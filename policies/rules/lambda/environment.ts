import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as aws from "@pulumi/aws";

/** Names that say "this is a credential" (a trailing _ID, _ARN, _NAME or _PREFIX only points at one). */
const SECRET_NAME = /(TOKEN|PASSWORD|PASSWD|SECRET|API_KEY|PRIVATE_KEY)$/i;
/** Values that are credentials whatever their name: Vault tokens, AWS access key ids, private keys. */
const SECRET_VALUE = /^(hvs\.|hvb\.|s\.[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16})|PRIVATE KEY-----/;
/** An AWS secret access key: 40 characters of base64 (30 random bytes), so mixed case, unlike a hex digest. */
const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;
/** A URL with a password in its userinfo: scheme://user:password@host. */
const PASSWORD_IN_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;

function looksLikeCredential(value: string): boolean {
    if (SECRET_VALUE.test(value) || PASSWORD_IN_URL.test(value)) return true;
    return SECRET_ACCESS_KEY.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9/+]/.test(value);
}

export const lambdaEnvironment: ResourceValidationPolicy = {
    name: "strongroom-lambda-environment",
    description: "Lambda environments must be encrypted with a customer-managed key and hold no credential as a literal value.",
    remediationSteps: "Set kmsKeyArn; keep tokens and passwords in Secrets Manager and pass the secret's ARN instead.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, _args, reportViolation) => {
        const variables: Record<string, unknown> = (fn.environment?.variables as Record<string, unknown>) ?? {};
        if (Object.keys(variables).length > 0 && !fn.kmsKeyArn)
            reportViolation("the environment is encrypted with the AWS-managed key, not a customer-managed one.");
        for (const [name, value] of Object.entries(variables)) {
            if (typeof value !== "string" || value === "") continue;
            if (SECRET_NAME.test(name)) reportViolation(`environment variable ${name} holds a literal credential.`);
            else if (looksLikeCredential(value)) reportViolation(`environment variable ${name} holds what looks like a credential.`);
        }
    }),
};
