// What a key reference really names. Unset, it is the service's default key; `alias/aws/<service>` in any form (the
// bare alias, its ARN) is an AWS-managed key, whose policy the account cannot change (KMS docs, "AWS managed keys").
// Only a key id, key ARN, multi-Region key id or an alias of the account's own is a customer-managed key.

export type KeyRef = "unset" | "aws-managed" | "customer";

const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//i;

export function keyRefKind(ref: unknown): KeyRef {
    if (ref === undefined || ref === null || ref === "") return "unset";
    return AWS_MANAGED_ALIAS.test(String(ref)) ? "aws-managed" : "customer";
}

export const isCustomerKey = (ref: unknown) => keyRefKind(ref) === "customer";

/** "uses the service's default key" or "uses the AWS-managed key <ref>", for messages. */
export function describeKeyRef(ref: unknown, serviceDefault: string): string {
    return keyRefKind(ref) === "unset" ? `uses ${serviceDefault} (no key set)` : `uses the AWS-managed key ${String(ref)}`;
}
