import { ResourceValidationPolicy } from "@pulumi/policy";
import { AwsAction, isReadOnly } from "../../lib/aws-actions";
import { reachedEverywhere, someOf } from "../../lib/actions-reached";
import { keyActionKind } from "../../lib/key-use";
import { describe, forEachIdentityDocument } from "../../lib/policy-helpers";

/** Resource types (as the Service Authorization Reference names them) whose reads return secret data. */
export const SECRET_DATA: Record<string, string[]> = { secretsmanager: ["Secret"], ssm: ["parameter"], s3: ["object"] };

/** Reads of secret data, and KMS cryptographic operations (they decrypt or produce plaintext with any key). */
function readsSecretData(a: AwsAction, types: Record<string, string[]>): boolean {
    if (isReadOnly(a) && a.resourceTypes.some((t) => (types[a.service] ?? []).includes(t))) return true;
    return a.service === "kms" && !isReadOnly(a) && keyActionKind(a) === "use";
}

export const noUnscopedDataReads: ResourceValidationPolicy = {
    name: "strongroom-iam-no-unscoped-data-reads",
    description:
        "In identity policies, reads of secret data (AWS's Read actions on secrets, parameters and objects) and KMS cryptographic operations must never reach every resource of their type (`*`, `arn:aws:kms:*:*:key/*`, `arn:aws:s3:::*`, …).",
    remediationSteps: "Name the secrets, parameters, objects or keys the principal reads.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { secretDataTypes: { type: "object", default: SECRET_DATA } } },
    validateResource: forEachIdentityDocument((doc, report, config) => {
        const types: Record<string, string[]> = config.secretDataTypes ?? SECRET_DATA;
        for (const s of doc.statements.filter((x) => x.effect === "Allow")) {
            const reads = reachedEverywhere(s, (a) => readsSecretData(a, types));
            if (reads.length > 0) report(`${describe(s)} allows ${someOf(reads, 12)} on every resource of their type.`);
        }
    }),
};
