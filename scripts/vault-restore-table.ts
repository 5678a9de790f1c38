// Turns an AWS Backup recovery point (what the DR copy action makes: advanced DynamoDB backups) into a DynamoDB
// backup ARN that strongroom:restoreFrom takes. DynamoDB, and so Pulumi's aws.dynamodb.Table, restores only
// DynamoDB backups; AWS Backup restores its own recovery points into a table of its own naming. So: restore the
// recovery point into a staging table (AWS Backup StartRestoreJob), take a DynamoDB backup of it, print the next
// two commands. The staging table can go once Vault serves from the stack's own table.
//   npm run vault:restore-table -- --region <region> --recovery-point <arn> --role-arn <arn> --kms-key-arn <arn>
import { BackupClient, DescribeRestoreJobCommand, StartRestoreJobCommand } from "@aws-sdk/client-backup";
import { CreateBackupCommand, DescribeBackupCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Command, parseCommandLine, required, runMain, UsageError } from "./ops/cli";

const COMMAND: Command = {
    invocation: "npm run vault:restore-table --",
    summary:
        "Restores an AWS Backup recovery point of Vault's table into a staging table and makes a DynamoDB backup of it, whose ARN strongroom:restoreFrom takes. Run it in the region of the recovery point (the DR region after a region loss).",
    flags: {
        region: { type: "string", value: "<region>", description: "The region of the recovery point and of the recovery stack (required)." },
        "recovery-point": {
            type: "string",
            value: "<arn>",
            description: "arn:aws:backup:<region>:<account>:recovery-point:<id> (required, unless --restored-table).",
        },
        "role-arn": {
            type: "string",
            value: "<arn>",
            description: "The role AWS Backup restores as: the primary stack's output backupRoleArn (IAM is global). Required with --recovery-point.",
        },
        "kms-key-arn": {
            type: "string",
            value: "<arn>",
            description: "Encrypt the staging table with this key: the primary stack's output drKeyArn. Required with --recovery-point.",
        },
        "table-name": { type: "string", value: "<name>", description: "The staging table's name. Default: strongroom-restore-<recovery point id>." },
        "restored-table": {
            type: "string",
            value: "<name>",
            description: "Skip the restore job: back up this table, already restored (e.g. from the console).",
        },
        "wait-minutes": { type: "string", value: "<n>", description: "Give up on the restore job after this long. Default: 120." },
        "aws-endpoint": { type: "string", value: "<url>", description: "Call AWS at this endpoint (the rehearsal's emulator)." },
    },
};

const RECOVERY_POINT = /^arn:aws[a-z-]*:backup:([a-z0-9-]+):\d{12}:recovery-point:([A-Za-z0-9-]+)$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function restoreJob(backup: BackupClient, flags: Record<string, string | boolean | undefined>, region: string, minutes: number): Promise<string> {
    const recoveryPoint = required(flags, "recovery-point", COMMAND);
    const m = RECOVERY_POINT.exec(recoveryPoint);
    if (!m)
        throw new UsageError(
            `--recovery-point ${recoveryPoint} is not an AWS Backup recovery point ARN (arn:aws:backup:<region>:<account>:recovery-point:<id>)`,
        );
    if (m[1] !== region) throw new UsageError(`--recovery-point is in ${m[1]}, but --region is ${region}: run it in the recovery point's region`);
    const table = typeof flags["table-name"] === "string" ? flags["table-name"] : `strongroom-restore-${m[2].toLowerCase()}`.slice(0, 255);
    const job = await backup.send(
        new StartRestoreJobCommand({
            RecoveryPointArn: recoveryPoint,
            IamRoleArn: required(flags, "role-arn", COMMAND),
            ResourceType: "DynamoDB",
            // AWS Backup developer guide, "Restore a DynamoDB table": the table name and a customer-managed key.
            Metadata: { targetTableName: table, encryptionType: "KMS", kmsMasterKeyArn: required(flags, "kms-key-arn", COMMAND) },
            IdempotencyToken: `strongroom-${m[2]}`.slice(0, 64),
        }),
    );
    process.stdout.write(`restore job ${job.RestoreJobId}: ${recoveryPoint} -> table ${table}\n`);
    const until = Date.now() + minutes * 60_000;
    for (;;) {
        const status = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId: job.RestoreJobId! }));
        if (status.Status === "COMPLETED") return table;
        if (status.Status === "ABORTED" || status.Status === "FAILED")
            throw new Error(`restore job ${job.RestoreJobId} ${status.Status}: ${status.StatusMessage ?? "no message"}`);
        if (Date.now() > until)
            throw new Error(
                `restore job ${job.RestoreJobId} still ${status.Status} after ${minutes} minutes; run again with --restored-table ${table} once it completes`,
            );
        await sleep(15_000);
    }
}

export async function backupOf(dynamodb: DynamoDBClient, table: string): Promise<string> {
    const made = await dynamodb.send(new CreateBackupCommand({ TableName: table, BackupName: `${table}-for-restoreFrom`.slice(0, 255) }));
    const arn = made.BackupDetails!.BackupArn!;
    for (let i = 0; i < 120; i++) {
        const status = (await dynamodb.send(new DescribeBackupCommand({ BackupArn: arn }))).BackupDescription?.BackupDetails?.BackupStatus;
        if (status === "AVAILABLE") return arn;
        if (status === "DELETED") throw new Error(`the backup ${arn} was deleted while being made`);
        await sleep(5_000);
    }
    throw new Error(`the backup ${arn} is not AVAILABLE after 10 minutes`);
}

async function main(): Promise<number> {
    const flags = parseCommandLine(COMMAND, process.argv.slice(2));
    if (!flags) return 0;
    const region = required(flags, "region", COMMAND);
    const minutes = Number(flags["wait-minutes"] ?? 120);
    if (!Number.isFinite(minutes) || minutes <= 0) throw new UsageError(`--wait-minutes ${String(flags["wait-minutes"])} is not a positive number`);
    const endpoint = typeof flags["aws-endpoint"] === "string" ? { endpoint: flags["aws-endpoint"] } : {};
    const table =
        typeof flags["restored-table"] === "string"
            ? flags["restored-table"]
            : await restoreJob(new BackupClient({ region, ...endpoint }), flags, region, minutes);
    const arn = await backupOf(new DynamoDBClient({ region, ...endpoint }), table);
    process.stdout.write(
        [
            `DynamoDB backup of ${table}: ${arn}`,
            "",
            "Next, in the recovery stack (README: Region lost):",
            `  pulumi config set strongroom:restoreFrom ${arn}`,
            "  pulumi up --policy-pack policies",
            `Once Vault serves from the stack's table: aws dynamodb delete-table --region ${region} --table-name ${table}`,
            "",
        ].join("\n"),
    );
    return 0;
}

if (require.main === module) runMain(main, (err) => `vault:restore-table: ${err instanceof Error ? err.message : String(err)}`);
