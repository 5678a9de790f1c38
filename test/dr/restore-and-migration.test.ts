// restoreFrom, recovery stacks and the seal migration, as planned: a restore always makes a new table and leaves
// the live one as it was; a recovery stack uses the replica and names its Vault role as the replica's policy expects;
// a stack whose key predates multi-Region keys is told so at preview; the migration renders both seals, then one.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "@cdktf/hcl2json";
import { requireMultiRegion } from "../../infra/dr/dr-region";
import { recoveryRoleName } from "../../infra/dr/recovery-role";
import { KmsKey } from "../../infra/keys";
import { renderSeal, SEAL_NAMES } from "../../infra/seal-stanza";
import { OfflineRun } from "../../scripts/offline/recorder";
import { doc, ofType, one, planStack, planWith } from "../support/stack";

const BACKUP = "arn:aws:dynamodb:eu-west-1:123456789012:table/strongroom-dev-vault-storage-abc1234/backup/01732936800000-abcdef12";
const REPLICA_ID = "mrk-0123456789abcdef0123456789abcdef";
const REPLICA = `arn:aws:kms:eu-west-1:123456789012:key/${REPLICA_ID}`;

const userData = (run: OfflineRun) => Buffer.from(one(run, "aws:ec2/launchTemplate:LaunchTemplate").inputs.userData, "base64").toString();
/** vault.hcl as the boot script writes it (its heredoc). */
const vaultHcl = (run: OfflineRun) => /<<'VAULT_HCL'\n([\s\S]*?)\nVAULT_HCL\n/.exec(userData(run))![1];
const seals = async (hcl: string) => ((await parse("vault.hcl", hcl)) as any).seal.awskms;

describe("restoreFrom (ec2-dynamodb)", function () {
    this.timeout(120_000);

    for (const [form, value, inputs] of [
        [
            "a point in time of the stack's table",
            "2026-11-01T03:00:00Z",
            { restoreSourceName: "strongroom-dev-r-vault-storage-0000000", restoreDateTime: "2026-11-01T03:00:00Z" },
        ],
        ["the latest restorable time", "latest", { restoreSourceName: "strongroom-dev-r-vault-storage-0000000", restoreToLatestTime: true }],
        [
            "a point in time of another table",
            `arn:aws:dynamodb:eu-central-1:123456789012:table/other@latest`,
            { restoreSourceTableArn: "arn:aws:dynamodb:eu-central-1:123456789012:table/other", restoreToLatestTime: true },
        ],
        ["a DynamoDB backup", BACKUP, { restoreBackupArn: BACKUP }],
    ] as const) {
        it(`${form}: Pulumi creates a new table from it; the live table stays exactly as it was`, async () => {
            const before = await planWith("dev", {}, "dev-r");
            const after = await planWith("dev", { "strongroom:restoreFrom": value }, "dev-r");
            const tables = ofType(after, "aws:dynamodb/table:Table");
            assert.strictEqual(tables.length, 2);
            const live = one(before, "aws:dynamodb/table:Table");
            const kept = tables.find((t) => t.urn === live.urn)!;
            assert.deepStrictEqual(kept.inputs, live.inputs, "the live table is not touched");
            const restored = tables.find((t) => t !== kept)!;
            assert.match(restored.name, /-vault-storage-restored-[0-9a-f]{8}$/);
            assert.ok(restored.retainOnDelete, "a later restore leaves this one in AWS");
            for (const [k, v] of Object.entries(inputs)) assert.deepStrictEqual(restored.inputs[k], v, k);
            assert.deepStrictEqual(restored.inputs.serverSideEncryption, live.inputs.serverSideEncryption);
            assert.deepStrictEqual(restored.inputs.pointInTimeRecovery, { enabled: true });
            // Vault, its role, its backups and alarms move to the restored table.
            const restoredName = `${restored.name}-0000000`;
            assert.match(vaultHcl(after), new RegExp(`table += "${restoredName}"`));
            assert.strictEqual(after.outputs.tableName, restoredName);
            assert.ok(
                doc(one(after, "aws:iam/rolePolicy:RolePolicy", "-vault-node-storage").inputs.policy).Statement[0].Resource.some((r: string) =>
                    r.endsWith(restoredName),
                ),
            );
            assert.ok(one(after, "aws:backup/selection:Selection").inputs.resources[0].endsWith(restoredName));
        });
    }

    it("a new restore source is a new table: the one restored before leaves the stack but stays in AWS", async () => {
        const first = await planWith("dev", { "strongroom:restoreFrom": "2026-11-01T03:00:00Z" }, "dev-r");
        const second = await planWith("dev", { "strongroom:restoreFrom": "2026-11-02T03:00:00Z" }, "dev-r");
        const name = (run: OfflineRun) => ofType(run, "aws:dynamodb/table:Table").find((t) => t.name.includes("restored"))!.name;
        assert.notStrictEqual(name(first), name(second));
        assert.ok(ofType(first, "aws:dynamodb/table:Table").find((t) => t.name === name(first))!.retainOnDelete);
    });
});

describe("a recovery stack (strongroom:unsealKeyArn)", function () {
    this.timeout(120_000);

    it("ec2-dynamodb: no key and no table of its own, the restored table, and the Vault role the replica admits", async () => {
        const run = await planWith("dev", { "strongroom:unsealKeyArn": REPLICA, "strongroom:restoreFrom": BACKUP }, "dev-recovery");
        assert.deepStrictEqual(
            ofType(run, "aws:kms/key:Key").filter((k) => k.name.includes("unseal")),
            [],
        );
        assert.deepStrictEqual(
            ofType(run, "aws:dynamodb/table:Table").map((t) => t.inputs.restoreBackupArn),
            [BACKUP],
        );
        assert.strictEqual(one(run, "aws:iam/role:Role", "-vault-node").inputs.name, recoveryRoleName(REPLICA_ID));
        assert.deepStrictEqual(doc(one(run, "aws:iam/rolePolicy:RolePolicy", "-vault-node-unseal").inputs.policy).Statement[0].Resource, [REPLICA]);
        assert.deepStrictEqual(
            (await seals(vaultHcl(run))).map((s: any) => s.kms_key_id),
            [REPLICA],
        );
        assert.strictEqual(run.outputs.unsealKeyArn, REPLICA);
    });

    it("eks-raft: the replica, the role name, and restoreFrom as an output for vault:init", async () => {
        const snapshot = "s3://strongroom-prod-snapshots-dr-copy-bucket-abc1234/raft/20261101T030000Z.snap";
        const run = await planWith("prod", { "strongroom:unsealKeyArn": REPLICA, "strongroom:restoreFrom": snapshot }, "prod-recovery");
        assert.strictEqual(one(run, "aws:iam/role:Role", "-vault-irsa").inputs.name, recoveryRoleName(REPLICA_ID));
        assert.strictEqual(run.outputs.restoreFrom, snapshot);
        assert.match(one(run, "kubernetes:helm.sh/v3:Release", "-vault-vault").inputs.values.server.ha.raft.config, new RegExp(`kms_key_id = "${REPLICA}"`));
    });

    it("the role name the primary's replica policy admits is the one a recovery stack creates", async () => {
        const primary = await planWith("prod", { "strongroom:drRegion": "eu-central-1" }, "prod-dr");
        const admitted = doc(one(primary, "aws:kms/replicaKey:ReplicaKey").inputs.policy).Statement.find((s: any) => s.Sid === "UseByRecoveryRole0");
        const keyId = String(primary.outputs.drUnsealKeyArn).split("key/")[1];
        assert.strictEqual(admitted.Condition.ArnEquals["aws:PrincipalArn"], `arn:aws:iam::123456789012:role/${recoveryRoleName(keyId)}`);
        assert.strictEqual(primary.outputs.drRecoveryRoleName, recoveryRoleName(keyId));
    });
});

describe("a stack whose unseal key predates multi-Region keys", () => {
    const fakeKey = (multiRegion: boolean) =>
        ({ arn: pulumi.output("arn:aws:kms:eu-west-1:123456789012:key/1234"), multiRegion: pulumi.output(multiRegion) }) as unknown as KmsKey;
    const settle = (o: pulumi.Output<string>) => (o as unknown as { promise(): Promise<string> }).promise();

    it("drRegion on it stops the preview with what to do, instead of failing in AWS", async () => {
        await assert.rejects(
            settle(requireMultiRegion(fakeKey(false))),
            /single-Region key.*can never give it a replica.*migrate the seal to a new multi-Region key first/,
        );
        assert.strictEqual(await settle(requireMultiRegion(fakeKey(true))), "arn:aws:kms:eu-west-1:123456789012:key/1234");
    });

    it("keeps its key: multiRegion is ignored after creation, and the key is protected when the stack's deletion protection is on", async () => {
        const cases: [string, Promise<OfflineRun>, boolean][] = [
            ["dev (tableDeletionProtection off)", planStack("dev"), false],
            ["dev with tableDeletionProtection", planWith("dev", { "strongroom:tableDeletionProtection": "true" }, "dev-protected"), true],
            ["staging", planStack("staging"), true],
            ["prod (deletionProtection on)", planStack("prod"), true],
            ["prod with deletionProtection off", planWith("prod", { "strongroom:deletionProtection": "false" }, "prod-unprotected"), false],
        ];
        for (const [what, run, protectedStack] of cases) {
            const key = one(await run, "aws:kms/key:Key", "-vault-unseal-key");
            assert.deepStrictEqual([key.ignoreChanges, Boolean(key.protect)], [["multiRegion"], protectedStack], what);
        }
    });
});

describe("seal migration (strongroom:sealMigration)", function () {
    this.timeout(120_000);

    it("no migration: the one seal block, exactly as before", async () => {
        const hcl = vaultHcl(await planStack("dev"));
        assert.match(
            hcl,
            /\nseal "awskms" \{\n {2}region {5}= "eu-west-1"\n {2}kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key\/strongroom-dev-vault-unseal-key-key-id"\n\}\n/,
        );
    });

    for (const layout of ["dev", "prod"]) {
        // dev's tableDeletionProtection is off, prod's deletionProtection on: both keys follow it.
        const protectedStack = layout === "prod";
        const release = (run: OfflineRun) => one(run, "kubernetes:helm.sh/v3:Release", "-vault-vault");
        it(`${layout}: migrating renders the old seal disabled and the new one, both named; the role may use both`, async () => {
            const run = await planWith(layout, { "strongroom:sealMigration": "migrating" }, `${layout}-m`);
            const hcl = layout === "dev" ? vaultHcl(run) : release(run).inputs.values.server.ha.raft.config;
            const blocks = await seals(hcl);
            assert.deepStrictEqual(
                blocks.map((b: any) => [b.name, b.disabled, b.kms_key_id.split("key/")[1]]),
                [
                    [SEAL_NAMES.previous, "true", `strongroom-${layout}-m-vault-unseal-key-key-id`],
                    [SEAL_NAMES.current, undefined, `strongroom-${layout}-m-vault-unseal-multi-region-key-key-id`],
                ],
            );
            const unseal = doc(one(run, "aws:iam/rolePolicy:RolePolicy", layout === "dev" ? "-vault-node-unseal" : "-vault-irsa-unseal").inputs.policy);
            assert.strictEqual(unseal.Statement[0].Resource.length, 2);
            const keys = ofType(run, "aws:kms/key:Key").filter((k) => k.name.includes("unseal"));
            assert.deepStrictEqual(
                keys.map((k) => [Boolean(k.protect), k.inputs.multiRegion]),
                [
                    [protectedStack, true],
                    [protectedStack, true],
                ],
            );
        });

        it(`${layout}: migrated renders the new seal alone, keeps its name, and keeps the first key (old backups need it)`, async () => {
            const run = await planWith(layout, { "strongroom:sealMigration": "migrated", "strongroom:drRegion": "eu-central-1" }, `${layout}-m`);
            const hcl = layout === "dev" ? vaultHcl(run) : release(run).inputs.values.server.ha.raft.config;
            const blocks = await seals(hcl);
            assert.deepStrictEqual(
                blocks.map((b: any) => b.name),
                [SEAL_NAMES.current],
            );
            // The first key stays declared (old backups need it), as protected as the stack is.
            assert.strictEqual(Boolean(one(run, "aws:kms/key:Key", "-vault-unseal-key").protect), protectedStack);
            assert.match(one(run, "aws:kms/replicaKey:ReplicaKey").inputs.primaryKeyArn, /unseal-multi-region-key-key-id$/, "the replica is of the new key");
        });
    }

    it("renders what Vault's own parser reads", async () => {
        const both = await seals(renderSeal({ region: "eu-west-1", unsealKeyId: "new", previousUnsealKeyId: "old", endpoint: "http://127.0.0.1:1" }));
        assert.deepStrictEqual(
            both.map((b: any) => [b.kms_key_id, b.endpoint]),
            [
                ["old", "http://127.0.0.1:1"],
                ["new", "http://127.0.0.1:1"],
            ],
        );
    });
});
