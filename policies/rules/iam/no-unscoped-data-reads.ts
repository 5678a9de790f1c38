import { ResourceValidationPolicy } from "@pulumi/policy";
import { coversAction, onAllResources } from "../../lib/iam-document";
import { describe, forEachDocument } from "../../lib/policy-helpers";

export const DATA_READS = ["secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "s3:GetObject", "kms:Decrypt"];

export const noUnscopedDataReads: ResourceValidationPolicy = {
    name: "strongroom-iam-no-unscoped-data-reads",
    description: "Actions that read secret data (secretsmanager:GetSecretValue, ssm:GetParameter*, s3:GetObject, kms:Decrypt) must never be allowed on `*`.",
    remediationSteps: "Name the secrets, parameters, objects or keys the principal reads.",
    enforcementLevel: "mandatory",
    validateResource: forEachDocument((statements, report) => {
        for (const s of statements.filter((x) => x.effect === "Allow" && onAllResources(x))) {
            const reads = DATA_READS.filter((a) => coversAction(s, a));
            if (reads.length > 0) report(`${describe(s)} allows ${reads.join(", ")} on every resource.`);
        }
    }),
};
