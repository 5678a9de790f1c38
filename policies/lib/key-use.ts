// Using a KMS key versus administering it, read from AWS's action data rather than a list: AWS attaches an
// algorithm condition key (kms:EncryptionAlgorithm, kms:SigningAlgorithm, kms:MacAlgorithm,
// kms:KeyAgreementAlgorithm) to exactly its cryptographic operations, symmetric, asymmetric and HMAC alike. Reads
// and lists (DescribeKey, GetPublicKey, the Describe*/List* a glob reaches) change nothing: they are use too.
import { AwsAction, isReadOnly } from "./aws-actions";

const ALGORITHM_KEYS = ["kms:EncryptionAlgorithm", "kms:SigningAlgorithm", "kms:MacAlgorithm", "kms:KeyAgreementAlgorithm"];
/** Grant actions carry these condition keys; a grant for an AWS resource (an encrypted volume) is use. */
const GRANT_KEYS = ["kms:GrantIsForAWSResource", "kms:GrantConstraintType"];

export type KeyActionKind = "use" | "grant" | "administration";

export function keyActionKind(action: AwsAction): KeyActionKind {
    if (action.service !== "kms") return "administration";
    if (isReadOnly(action)) return "use";
    if (action.conditionKeys.some((k) => ALGORITHM_KEYS.includes(k))) return "use";
    if (action.levels.includes("Permissions management") && action.conditionKeys.some((k) => GRANT_KEYS.includes(k))) return "grant";
    return "administration";
}
