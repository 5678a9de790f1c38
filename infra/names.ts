// Logical names that fit AWS's physical name limits once Pulumi autonames them (logical name, "-", 7 random
// characters). A stack named "production-eu-central" would otherwise push load balancers past 32 characters and
// roles past 64, and AWS refuses them at create time, after other resources exist. Shortened deterministically:
// the same logical name always gives the same short one, so a preview shows no diff.
import { createHash } from "crypto";

/** Characters Pulumi's autonaming adds to a logical name. */
const AUTONAME_SUFFIX = 8;

/** AWS's physical name limits for the types Strongroom autonames close to them. */
export const NAME_LIMIT = {
    loadBalancer: 32, // CreateLoadBalancer, CreateTargetGroup
    backup: 50, // CreateBackupVault, CreateBackupPlan, CreateBackupSelection
    role: 64, // CreateRole
    lambda: 64, // CreateFunction
    eventRule: 64, // PutRule
    nodeGroup: 63, // CreateNodegroup
    bucket: 63, // CreateBucket
} as const;

/** Stack names up to this long, already in AWS's alphabet, are used as they are (every name then fits its limit). */
export const MAX_KEPT_STACK_NAME = 64;

/**
 * The stack name as it may appear in AWS names. Pulumi allows `[A-Za-z0-9_.-]{1,100}` (`Prod_EU.1`); S3 buckets want
 * lower-case letters, digits and hyphens, load balancers and target groups no `_` or `.`, and a 100-character name
 * pushes role policies past 128. A name already in that alphabet and at most MAX_KEPT_STACK_NAME long is kept, so
 * existing stacks keep every name; any other is folded to the alphabet, cut to 40 characters and given a hash of
 * the original, so `Prod_EU.1` and `prod-eu-1` never share a name.
 */
export function awsStackName(stack: string): string {
    const folded = stack
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    if (folded === stack && stack.length <= MAX_KEPT_STACK_NAME) return stack;
    const head = folded.slice(0, 40).replace(/-+$/, "") || "stack";
    return `${head}-${createHash("sha256").update(stack).digest("hex").slice(0, 6)}`;
}

/** `logical` if its autoname fits `max`, else its head and a hash of the whole, so that the autoname is `max` long. */
export function fit(logical: string, max: number): string {
    if (logical.length + AUTONAME_SUFFIX <= max) return logical;
    const hash = createHash("sha256").update(logical).digest("hex").slice(0, 6);
    const head = logical.slice(0, max - AUTONAME_SUFFIX - hash.length - 1).replace(/-+$/, "");
    return `${head}-${hash}`;
}
