// Config keys for disaster recovery and restores (README: *Disaster recovery*), and the rules between them.
import { z } from "zod";
import { parseRestoreFrom, RestoreSource } from "../infra/dr/restore-source";
import type { ConfigIssue } from "./config-error";
import { oneOf } from "./config-types";

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
/** A multi-Region key (a replica in this stack's region): only such a key shares the material that sealed Vault. */
const MULTI_REGION_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/mrk-[0-9a-f]{32}$/;

export const drKeys = {
    drRegion: z.string().regex(REGION, "must be an AWS region name like eu-central-1").optional(),
    restoreFrom: z.string().min(1, "must not be empty; remove it with `pulumi config rm strongroom:restoreFrom`").optional(),
    unsealKeyArn: z
        .string()
        .regex(MULTI_REGION_KEY_ARN, "must be the ARN of a multi-Region KMS key (key/mrk-…), the replica the primary stack outputs as drUnsealKeyArn")
        .optional(),
    cloudTrail: oneOf(["existing", "create"]).default("existing"),
    sealMigration: oneOf(["migrating", "migrated"]).optional(),
};

export interface DrFields {
    readonly layout?: "ec2-dynamodb" | "eks-raft";
    readonly drRegion?: string;
    readonly restoreFrom?: string;
    readonly unsealKeyArn?: string;
    readonly sealMigration?: "migrating" | "migrated";
}

/** The partition a region belongs to: replicas, copies and cross-region restores never leave it. */
function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.includes("-iso")) return region.split("-").slice(0, 2).join("-");
    return "aws";
}

/** Cross-field rules of the DR keys; fields that failed on their own are undefined here. */
export function drIssues(c: DrFields, region: string | undefined): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const add = (key: string, message: string) => issues.push({ key: `strongroom:${key}`, message });
    if (c.drRegion && region) {
        if (c.drRegion === region) add("drRegion", `is ${region}, the stack's own region; pick another region of the same partition, e.g. eu-central-1`);
        else if (partitionOf(c.drRegion) !== partitionOf(region))
            add("drRegion", `is ${c.drRegion}, outside the partition of ${region}; multi-Region keys, replication and backup copies stay within one`);
    }
    if (c.unsealKeyArn && region) {
        const keyRegion = MULTI_REGION_KEY_ARN.exec(c.unsealKeyArn)![1];
        if (keyRegion !== region)
            add("unsealKeyArn", `is a key in ${keyRegion}, but Vault here unseals through KMS in ${region}; give the replica in ${region} (drUnsealKeyArn)`);
        if (c.drRegion)
            add(
                "drRegion",
                "is set on a recovery stack (strongroom:unsealKeyArn): its key is a replica, which cannot have replicas; once the incident is over, see README *After a region loss*",
            );
        if (!c.restoreFrom)
            add(
                "restoreFrom",
                "is required with strongroom:unsealKeyArn: a recovery stack brings Vault's data from a backup or snapshot sealed by that key; set the backup ARN or snapshot URL",
            );
    }
    if (c.sealMigration && c.unsealKeyArn)
        add("sealMigration", "is set on a recovery stack (strongroom:unsealKeyArn), whose key is another stack's replica; remove it");
    if (c.sealMigration === "migrating" && c.drRegion)
        add(
            "drRegion",
            "needs the seal migration finished first: the replica is made of the new key, and Vault uses it only once migrated; run the migration (README), set strongroom:sealMigration migrated, then set drRegion",
        );
    if (c.restoreFrom && c.layout && region) {
        const parsed = parseRestoreFrom(c.restoreFrom, c.layout, region);
        if ("error" in parsed) add("restoreFrom", parsed.error);
        else if (parsed.source.kind === "point-in-time" && !parsed.source.table && c.unsealKeyArn)
            add(
                "restoreFrom",
                "is a time, which restores this stack's own table, but a recovery stack (strongroom:unsealKeyArn) has none; name the source: `<table ARN>@<time>` or a backup ARN",
            );
    }
    return issues;
}

/** The parsed restore source of a valid config. */
export function restoreSourceOf(c: DrFields, region: string): RestoreSource | undefined {
    if (!c.restoreFrom || !c.layout) return undefined;
    const parsed = parseRestoreFrom(c.restoreFrom, c.layout, region);
    return "source" in parsed ? parsed.source : undefined;
}
