import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import * as aws from "@pulumi/aws";
import { credentialsIn } from "../../lib/credentials";
import { keyRefKind } from "../../lib/key-refs";

export const lambdaEnvironment: ResourceValidationPolicy = {
    name: "strongroom-lambda-environment",
    description:
        "Lambda environments must be encrypted with a customer-managed key (unset is aws/lambda) and hold no credential as a literal value: by name (…_TOKEN, …_PASSWORD, …_SECRET, an AppRole …_SECRET_ID) or by value (Vault tokens, AWS access key ids and secret keys, private keys, passwords in URLs), inside JSON values too.",
    remediationSteps: "Set kmsKeyArn; keep tokens and passwords in Secrets Manager and pass the secret's ARN instead.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, _args, reportViolation) => {
        const variables: Record<string, unknown> = (fn.environment?.variables as Record<string, unknown>) ?? {};
        if (Object.keys(variables).length > 0 && keyRefKind(fn.kmsKeyArn) !== "customer")
            reportViolation(`the environment is not encrypted with a customer-managed key (kmsKeyArn ${defaultNote("lambda.key")}).`);
        for (const [name, value] of Object.entries(variables)) {
            for (const where of credentialsIn(name, value)) reportViolation(`environment variable ${where} holds a literal credential.`);
        }
    }),
};
