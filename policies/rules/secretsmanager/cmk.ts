import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as aws from "@pulumi/aws";

export const secretsManagerCmk: ResourceValidationPolicy = {
    name: "strongroom-secretsmanager-cmk",
    description:
        "Secrets Manager secrets must be encrypted with a customer-managed key, not aws/secretsmanager, so access to the value needs an explicit key grant.",
    remediationSteps: "Set kmsKeyId to a customer-managed key's ARN.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.secretsmanager.Secret, (secret, _args, reportViolation) => {
        if (!secret.kmsKeyId || String(secret.kmsKeyId).includes("alias/aws/secretsmanager")) reportViolation("the secret uses the AWS-managed key.");
    }),
};
