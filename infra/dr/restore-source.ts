// What `strongroom:restoreFrom` names, parsed defensively: a point in time of a DynamoDB table, a DynamoDB backup,
// or a Raft snapshot object. Pure: the config validation and the layouts share it, and every refusal names the fix.
import { createHash } from "crypto";

export type RestoreSource =
    /** Point-in-time recovery of a table: this stack's first table when `table` is absent. */
    | { readonly kind: "point-in-time"; readonly table?: TableRef; readonly time: string | "latest" }
    /** A DynamoDB backup (what `aws dynamodb create-backup` and AWS Backup without advanced features make). */
    | { readonly kind: "table-backup"; readonly backupArn: string; readonly region: string; readonly tableName: string }
    /** A Raft snapshot in S3, restored by the first `vault:init`. */
    | { readonly kind: "raft-snapshot"; readonly bucket: string; readonly key: string };

export interface TableRef {
    readonly arn: string;
    readonly region: string;
    readonly name: string;
}

type Layout = "ec2-dynamodb" | "eks-raft";
type Parsed = { source: RestoreSource } | { error: string };

const PARTITION = "aws[a-z-]*";
const REGION = "[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\\d";
const TABLE_NAME = "[A-Za-z0-9_.-]{3,255}";
const TABLE_ARN = new RegExp(`^arn:${PARTITION}:dynamodb:(${REGION}):(\\d{12}):table/(${TABLE_NAME})$`);
const BACKUP_ARN = new RegExp(`^arn:${PARTITION}:dynamodb:(${REGION}):\\d{12}:table/(${TABLE_NAME})/backup/\\d{13,20}-[0-9a-f]{8}$`);
const RECOVERY_POINT_ARN = new RegExp(`^arn:${PARTITION}:backup:(${REGION}):\\d{12}:recovery-point:[A-Za-z0-9-]+$`);
const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;
/** RFC 3339 in UTC, as `date -u +%Y-%m-%dT%H:%M:%SZ` prints it. */
const UTC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;

const EC2_FORMS =
    "a UTC time like 2026-11-30T03:00:00Z (or `latest`) for this stack's table, `<table ARN>@<time or latest>` for another table, or a DynamoDB backup ARN (arn:aws:dynamodb:<region>:<account>:table/<name>/backup/<id>)";
const EKS_FORM = "an S3 URL of a Raft snapshot, like s3://<snapshot bucket>/raft/20261130T030000Z.snap";

/**
 * Parses restoreFrom for a stack in `region` with this layout. `now` bounds times (a restore point cannot be in the
 * future); no lower bound, because restoreFrom stays in config as the record of where the live table came from.
 */
export function parseRestoreFrom(value: string, layout: Layout, region: string, now = new Date()): Parsed {
    const v = value.trim();
    if (layout === "eks-raft") {
        const s3 = S3_URL.exec(v);
        if (!s3) return { error: `must be ${EKS_FORM}` };
        if (!s3[2].endsWith(".snap")) return { error: `names ${v}, which is not a Raft snapshot (the snapshot job writes raft/<time>.snap); use ${EKS_FORM}` };
        return { source: { kind: "raft-snapshot", bucket: s3[1], key: s3[2] } };
    }
    if (v.startsWith("s3://")) return { error: `is a Raft snapshot, which only eks-raft stacks restore; this ec2-dynamodb stack takes ${EC2_FORMS}` };
    if (RECOVERY_POINT_ARN.test(v)) {
        return {
            error:
                "is an AWS Backup recovery point (advanced DynamoDB backups, and every cross-Region copy), which DynamoDB itself cannot restore and " +
                `so neither can Pulumi. Turn it into a DynamoDB backup in ${region} with \`npm run vault:restore-table -- --stack <stack> --recovery-point ${v}\` ` +
                "and set the backup ARN it prints",
        };
    }
    const backup = BACKUP_ARN.exec(v);
    if (backup) {
        if (backup[1] !== region)
            return {
                error: `is a DynamoDB backup in ${backup[1]}, but DynamoDB restores a backup only in its own region and this stack is in ${region}; copy it to ${region} with AWS Backup (\`aws backup start-copy-job\`), then run \`npm run vault:restore-table\` on the copy`,
            };
        return { source: { kind: "table-backup", backupArn: v, region: backup[1], tableName: backup[2] } };
    }
    const [head, time, extra] = v.split("@");
    if (extra !== undefined) return { error: `must be ${EC2_FORMS}` };
    const table = time === undefined ? undefined : TABLE_ARN.exec(head);
    if (time !== undefined && !table) return { error: `names ${head} before the @, which is not a DynamoDB table ARN; use ${EC2_FORMS}` };
    const when = time ?? head;
    const timeProblem = checkTime(when, now);
    if (timeProblem) return { error: table ? timeProblem : `must be ${EC2_FORMS}; ${timeProblem}` };
    return { source: { kind: "point-in-time", time: when, ...(table ? { table: { arn: head, region: table[1], name: table[3] } } : {}) } };
}

function checkTime(when: string, now: Date): string | undefined {
    if (when === "latest") return undefined;
    if (!UTC_TIME.test(when)) return `"${when}" is not a UTC time like 2026-11-30T03:00:00Z (or latest)`;
    const t = Date.parse(when);
    // Date.parse rolls 2026-02-30 over into March: a real date reads back the same.
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 19) !== when.slice(0, 19)) return `"${when}" is not a real date`;
    if (t > now.getTime()) return `${when} is in the future; a restore point must be in the past`;
    return undefined;
}

/** A short, stable suffix for the logical name of the table a restore creates: a new source gives a new table. */
export function restoreSuffix(value: string): string {
    return createHash("sha256").update(value.trim()).digest("hex").slice(0, 8);
}
