// The emulator's AWS in two regions for the region-loss drill: the stack's multi-Region unseal key and its replica
// (made as the program makes them: CreateKey MultiRegion, then ReplicateKey as aws.kms.ReplicaKey does), and the
// copies AWS makes asynchronously, which moto does not: an AWS Backup copy job and S3 replication. Where moto lacks
// a service, the drill copies the data itself, through the same APIs a reader and a writer of it would use.
import {
    BatchWriteItemCommand,
    CreateBackupCommand,
    CreateTableCommand,
    DescribeTableCommand,
    DynamoDBClient,
    RestoreTableFromBackupCommand,
    ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { CreateKeyCommand, KMSClient, ReplicateKeyCommand } from "@aws-sdk/client-kms";
import { CreateBucketCommand, GetObjectCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import * as fs from "fs";
import * as path from "path";
import { CuttableProxy } from "./cuttable-proxy";
import { Emulator, freePort } from "./emulator";

/** The drill's DR region; the emulator's own region (EMULATOR_REGION) is the primary. */
export const DR_REGION = "eu-central-1";

const CREDENTIALS = { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" };

export interface RegionClients {
    readonly region: string;
    readonly kms: KMSClient;
    readonly dynamodb: DynamoDBClient;
    readonly s3: S3Client;
}

export function clientsIn(region: string, emulator: Emulator): RegionClients {
    const aws = { region, endpoint: emulator.endpoint, credentials: CREDENTIALS };
    return { region, kms: new KMSClient(aws), dynamodb: new DynamoDBClient(aws), s3: new S3Client({ ...aws, forcePathStyle: true }) };
}

/**
 * A multi-Region unseal key in the primary and its replica in the DR region: same key id, same key material.
 * Without `replicate` (a stack without drRegion), the DR region gets an unrelated key of its own instead: the
 * awskms seal decrypts with whatever key the ciphertext names, so what matters is whether that key exists there.
 */
export async function unsealKeyWithReplica(primary: RegionClients, dr: RegionClients, replicate = true): Promise<{ primaryArn: string; replicaArn: string }> {
    const key = await primary.kms.send(new CreateKeyCommand({ MultiRegion: true, Description: "rehearsal unseal key (multi-Region primary)" }));
    if (!replicate) {
        const other = await dr.kms.send(new CreateKeyCommand({ Description: "a key of the DR region that is not a replica" }));
        return { primaryArn: key.KeyMetadata!.Arn!, replicaArn: other.KeyMetadata!.Arn! };
    }
    const replica = await primary.kms.send(new ReplicateKeyCommand({ KeyId: key.KeyMetadata!.KeyId!, ReplicaRegion: dr.region }));
    return { primaryArn: key.KeyMetadata!.Arn!, replicaArn: replica.ReplicaKeyMetadata!.Arn! };
}

/** A backup of the table now (what AWS Backup's job, or `aws dynamodb create-backup`, makes). */
export async function backupTable(clients: RegionClients, tableName: string, name: string): Promise<string> {
    const reply = await clients.dynamodb.send(new CreateBackupCommand({ TableName: tableName, BackupName: name }));
    return reply.BackupDetails!.BackupArn!;
}

/**
 * AWS Backup's copy job to the DR vault, done by hand because moto has no backup jobs: the backup restored to a
 * scratch table in the primary, every item written to a table in the DR region, and a DynamoDB backup of that
 * (what `npm run vault:restore-table` makes of a copied recovery point). Returns the DR backup's ARN.
 */
export async function copyBackupToDr(primary: RegionClients, dr: RegionClients, backupArn: string, tableName: string): Promise<string> {
    const scratch = `${tableName}-copyjob`;
    await primary.dynamodb.send(new RestoreTableFromBackupCommand({ BackupArn: backupArn, TargetTableName: scratch }));
    const source = (await primary.dynamodb.send(new DescribeTableCommand({ TableName: tableName }))).Table!;
    const staged = `${tableName}-dr-staged`;
    await dr.dynamodb.send(
        new CreateTableCommand({
            TableName: staged,
            KeySchema: source.KeySchema,
            AttributeDefinitions: source.AttributeDefinitions,
            BillingMode: "PAY_PER_REQUEST",
        }),
    );
    let start: Record<string, any> | undefined;
    do {
        const page = await primary.dynamodb.send(new ScanCommand({ TableName: scratch, ExclusiveStartKey: start }));
        const items = page.Items ?? [];
        for (let i = 0; i < items.length; i += 25)
            await dr.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [staged]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
        start = page.LastEvaluatedKey;
    } while (start);
    return backupTable(dr, staged, "copied-from-primary");
}

/** A versioned bucket (the snapshot bucket, or its DR copy). */
export async function versionedBucket(clients: RegionClients, name: string): Promise<void> {
    await clients.s3.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: clients.region as never } }));
    await clients.s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: "Enabled" } }));
}

/** Uploads an object encrypted with `keyArn`, as the snapshot job's upload (the bucket's default key) does. */
export async function putEncrypted(clients: RegionClients, bucket: string, key: string, body: Buffer, keyArn: string): Promise<void> {
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ServerSideEncryption: "aws:kms", SSEKMSKeyId: keyArn }));
}

/** S3 replication of one object to the DR bucket, done by hand: moto stores a replication configuration but copies nothing. */
export async function replicateObject(primary: RegionClients, dr: RegionClients, from: string, to: string, key: string, drKeyArn: string): Promise<void> {
    const object = await primary.s3.send(new GetObjectCommand({ Bucket: from, Key: key }));
    await putEncrypted(dr, to, key, Buffer.from(await object.Body!.transformToByteArray()), drKeyArn);
}

/** A table shaped as Vault's DynamoDB storage (Path/Key, on demand), as the stack defines it. */
export async function createVaultTable(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
    await dynamodb.send(
        new CreateTableCommand({
            TableName: tableName,
            AttributeDefinitions: [
                { AttributeName: "Path", AttributeType: "S" },
                { AttributeName: "Key", AttributeType: "S" },
            ],
            KeySchema: [
                { AttributeName: "Path", KeyType: "HASH" },
                { AttributeName: "Key", KeyType: "RANGE" },
            ],
            BillingMode: "PAY_PER_REQUEST",
        }),
    );
}

/**
 * The primary region as the drills see it: one relay in front of the emulator for everything the primary's nodes
 * reach (cutting it is losing the region), and a work folder for each region's nodes.
 */
export async function primaryRegion(emulator: Emulator, workDir: string): Promise<{ relay: CuttableProxy; dirs: { primary: string; dr: string } }> {
    const relay = new CuttableProxy(await freePort(), { host: "127.0.0.1", port: Number(new URL(emulator.endpoint).port) });
    await relay.open();
    const dirs = { primary: path.join(workDir, "primary"), dr: path.join(workDir, "dr") };
    for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
    return { relay, dirs };
}
