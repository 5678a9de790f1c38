import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import * as aws from "@pulumi/aws";
import { keyRefKind } from "../../lib/key-refs";

export const secretsManagerCmk: ResourceValidationPolicy = {
    name: "strongroom-secretsmanager-cmk",
    description:
        "Secrets Manager secrets, and each of their replicas in other regions, must be encrypted with a customer-managed key, not aws/secretsmanager (the default when unset, in any spelling), so access to the value needs an explicit key grant.",
    remediationSteps: "Set kmsKeyId to a customer-managed key's ARN, and replicas[].kmsKeyId to one in each replica's region.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.secretsmanager.Secret, (secret, _args, reportViolation) => {
        if (keyRefKind(secret.kmsKeyId) !== "customer")
            reportViolation(`the secret is not on a customer-managed key (kmsKeyId ${defaultNote("secretsmanager.key")}).`);
        ((secret.replicas ?? []) as { kmsKeyId?: string; region?: string }[]).forEach((r, i) => {
            if (keyRefKind(r.kmsKeyId) !== "customer")
                reportViolation(`replicas[${i}] (${r.region ?? "another region"}) uses the AWS-managed key aws/secretsmanager.`);
        });
    }),
};
