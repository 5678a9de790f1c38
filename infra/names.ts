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

/** `logical` if its autoname fits `max`, else its head and a hash of the whole, so that the autoname is `max` long. */
export function fit(logical: string, max: number): string {
    if (logical.length + AUTONAME_SUFFIX <= max) return logical;
    const hash = createHash("sha256").update(logical).digest("hex").slice(0, 6);
    const head = logical.slice(0, max - AUTONAME_SUFFIX - hash.length - 1).replace(/-+$/, "");
    return `${head}-${hash}`;
}
