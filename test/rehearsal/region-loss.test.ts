// The disaster drills as tests, with real Vault and the AWS emulator: a region lost and Vault back in the DR region
// from the copied backup or snapshot with the replica key (and refused, saying why, without a replica); the seal
// migration awskms -> awskms; the runbook's KMS scripts against the emulator's KMS and DynamoDB.
import * as assert from "assert";
import { execFileSync } from "child_process";
import {
    CreateKeyCommand,
    DecryptCommand,
    DescribeKeyCommand,
    DisableKeyCommand,
    EncryptCommand,
    KMSClient,
    ScheduleKeyDeletionCommand,
} from "@aws-sdk/client-kms";
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startChild, stopEverything, waitUntil } from "../../scripts/rehearse/children";
import { Emulator, EMULATOR_CREDENTIALS, freePort, startEmulator } from "../../scripts/rehearse/emulator";
import { runScript } from "../../scripts/rehearse/operator";
import { regionLossEc2, RegionLossOptions } from "../../scripts/rehearse/region-loss-ec2";
import { regionLossEks } from "../../scripts/rehearse/region-loss-eks";
import { sealMigration } from "../../scripts/rehearse/seal-migration";
import { writeNodeTls } from "../../scripts/rehearse/tls";
import { vaultBinary } from "../../scripts/rehearse/vault-binary";
import { requireRehearsal } from "../support/rehearsal";

const CREDENTIALS = { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" };

/** A fresh emulator and work folder per drill, everything stopped and removed after. */
async function withDrill<T>(name: string, run: (o: RegionLossOptions) => Promise<T>): Promise<T> {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `strongroom-${name}-`));
    try {
        const emulator = await startEmulator(workDir);
        return await run({
            emulator,
            vaultBin: vaultBinary(),
            workDir,
            tls: writeNodeTls(workDir),
            log: () => undefined,
            writeSeconds: 2,
            afterBackupSeconds: 2,
        });
    } finally {
        stopEverything();
        fs.rmSync(workDir, { recursive: true, force: true });
    }
}

describe("rehearsal: region loss, restored in the DR region", function () {
    this.timeout(600_000);
    before(function () {
        requireRehearsal(this);
    });

    for (const [layout, drill] of [
        ["ec2-dynamodb", regionLossEc2],
        ["eks-raft", regionLossEks],
    ] as const) {
        it(`${layout}: every secret written before the backup is served in the DR region, with the replica key`, async () => {
            const r = await withDrill(`region-loss-${layout}`, drill);
            assert.ok(r.beforeBackup > 5, `${r.beforeBackup} secrets before the backup`);
            assert.deepStrictEqual(r.missing, [], "every secret written before the copy is served");
            assert.ok(r.written > r.beforeBackup, "writes went on after the backup");
            assert.ok(r.rpoSeconds > 0 && r.rpoSeconds < 30, `RPO ${r.rpoSeconds} s`);
            assert.ok(r.rtoSeconds > 0 && r.rtoSeconds < 120, `RTO ${r.rtoSeconds} s`);
        });

        it(`${layout}: without a replica of the unseal key in the DR region, the restore fails and says why`, async () => {
            await assert.rejects(
                withDrill(`no-replica-${layout}`, (o) => drill({ ...o, withoutReplica: true, recoveryTimeoutMs: 30_000 })),
                layout === "ec2-dynamodb"
                    ? /never|waiting for a Vault in eu-central-1 to serve a read.*Vault says: .*(AccessDenied|decrypt)/s
                    : /its KMS key cannot decrypt the snapshot's root key.*drUnsealKeyArn/s,
            );
        });
    }
});

describe("rehearsal: seal migration awskms -> awskms (turning drRegion on for a stack with a single-Region key)", function () {
    this.timeout(600_000);

    it("every secret survives, and the nodes unseal with the new key once the old one is gone", async function () {
        requireRehearsal(this);
        const r = await withDrill("seal-migration", sealMigration);
        assert.ok(r.secrets > 10, `${r.secrets} secrets written during the migration`);
        assert.match(r.lines.join("\n"), /old key's emulator stopped, all 3 nodes restarted and unsealed/);
    });
});

describe("rehearsal: the emulator's multi-Region keys", function () {
    this.timeout(120_000);

    it("plain moto 5.2.5 cannot decrypt what a multi-Region key encrypted; the rehearsal's launcher can (drop it when moto is fixed)", async function () {
        requireRehearsal(this);
        const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-moto-mrk-"));
        try {
            const motoServer = execFileSync("bash", [path.join(__dirname, "../../scripts/rehearse/setup-moto.sh")], { encoding: "utf8" }).trim();
            const port = await freePort();
            startChild(motoServer, ["-H", "127.0.0.1", "-p", String(port)], path.join(workDir, "plain-moto.log"));
            const plain = `http://127.0.0.1:${port}`;
            await waitUntil("plain moto", async () => (await fetch(`${plain}/moto-api/`)).ok);
            const roundTrip = async (endpoint: string) => {
                const kms = new KMSClient({ region: "eu-west-1", endpoint, credentials: CREDENTIALS });
                const key = await kms.send(new CreateKeyCommand({ MultiRegion: true }));
                const sealed = await kms.send(new EncryptCommand({ KeyId: key.KeyMetadata!.KeyId!, Plaintext: Buffer.from("root key") }));
                return Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }))).Plaintext!).toString();
            };
            await assert.rejects(roundTrip(plain), /AccessDenied/);
            const patched: Emulator = await startEmulator(workDir);
            assert.strictEqual(await roundTrip(patched.endpoint), "root key");
        } finally {
            stopEverything();
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    });
});

describe("rehearsal: the runbook's key and table scripts against the emulator", function () {
    this.timeout(180_000);
    let workDir: string;
    let emulator: Emulator;
    before(async function () {
        requireRehearsal(this);
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-dr-scripts-"));
        emulator = await startEmulator(workDir);
    });
    after(() => {
        stopEverything();
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    const env = { ...EMULATOR_CREDENTIALS, NODE_NO_WARNINGS: "1" };

    it("vault:key-rescue cancels a scheduled deletion and enables a disabled key, reporting each state", async () => {
        const kms = new KMSClient({ region: "eu-west-1", endpoint: emulator.endpoint, credentials: CREDENTIALS });
        const [scheduled, disabled] = [
            (await kms.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!,
            (await kms.send(new CreateKeyCommand({}))).KeyMetadata!,
        ].map((k) => k.Arn!);
        await kms.send(new ScheduleKeyDeletionCommand({ KeyId: scheduled.split("key/")[1], PendingWindowInDays: 30 }));
        await kms.send(new DisableKeyCommand({ KeyId: disabled.split("key/")[1] }));
        const outputs = path.join(workDir, "outputs.json");
        fs.writeFileSync(
            outputs,
            JSON.stringify({
                layout: "ec2-dynamodb",
                region: "eu-west-1",
                vaultAddress: "https://vault.example",
                unsealKeyArn: scheduled,
                drUnsealKeyArn: disabled,
            }),
        );
        const dry = await runScript("vault-key-rescue.ts", ["--stack", "x", "--outputs", outputs, "--aws-endpoint", emulator.endpoint, "--dry-run"], env);
        assert.match(dry, /PendingDeletion \(deletion due .*\); would: cancel-deletion, then enable/);
        assert.match(dry, /Disabled; would: enable/);
        assert.strictEqual(
            (await kms.send(new DescribeKeyCommand({ KeyId: scheduled }))).KeyMetadata!.KeyState,
            "PendingDeletion",
            "a dry run changes nothing",
        );
        const done = await runScript("vault-key-rescue.ts", ["--stack", "x", "--outputs", outputs, "--aws-endpoint", emulator.endpoint], env);
        assert.match(done, /now Enabled/);
        for (const arn of [scheduled, disabled]) assert.strictEqual((await kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata!.KeyState, "Enabled");
        assert.match(
            await runScript("vault-key-rescue.ts", ["--stack", "x", "--outputs", outputs, "--aws-endpoint", emulator.endpoint], env),
            /Enabled, nothing to do/,
        );
    });

    it("vault:restore-table makes the DynamoDB backup restoreFrom takes, from a table AWS Backup restored", async () => {
        const dynamodb = new DynamoDBClient({ region: "eu-central-1", endpoint: emulator.endpoint, credentials: CREDENTIALS });
        const table = "strongroom-restore-1eb3b5e7";
        await dynamodb.send(
            new CreateTableCommand({
                TableName: table,
                AttributeDefinitions: [{ AttributeName: "Path", AttributeType: "S" }],
                KeySchema: [{ AttributeName: "Path", KeyType: "HASH" }],
                BillingMode: "PAY_PER_REQUEST",
            }),
        );
        await dynamodb.send(new PutItemCommand({ TableName: table, Item: { Path: { S: "core/keyring" } } }));
        const out = await runScript(
            "vault-restore-table.ts",
            ["--region", "eu-central-1", "--restored-table", table, "--aws-endpoint", emulator.endpoint],
            env,
        );
        const arn = /DynamoDB backup of .*: (\S+)/.exec(out)![1];
        assert.match(arn, /^arn:aws:dynamodb:eu-central-1:\d{12}:table\/strongroom-restore-1eb3b5e7\/backup\/\d+-[0-9a-f]{8}$/);
        assert.match(out, new RegExp(`pulumi config set strongroom:restoreFrom ${arn.replace(/[/.]/g, "\\$&")}`));
    });

    it("vault:restore-table refuses a recovery point of another region, or one that is not a recovery point", async () => {
        const region = await runScript("vault-restore-table.ts", [
            "--region",
            "eu-central-1",
            "--recovery-point",
            "arn:aws:backup:eu-west-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A",
            "--role-arn",
            "arn:aws:iam::123456789012:role/x",
            "--kms-key-arn",
            "arn:aws:kms:eu-central-1:123456789012:key/x",
        ]).catch((err: Error) => err.message);
        assert.match(region, /is in eu-west-1, but --region is eu-central-1/);
        const wrong = await runScript("vault-restore-table.ts", ["--region", "eu-central-1", "--recovery-point", "arn:aws:dynamodb:x"]).catch(
            (err: Error) => err.message,
        );
        assert.match(wrong, /is not an AWS Backup recovery point ARN/);
    });
});
