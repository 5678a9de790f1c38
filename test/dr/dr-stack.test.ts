// A drRegion stack as planned: everything of the DR region made through the second provider, the replica held to
// the primary key's rules (and the pack judging it), snapshot replication and backup copies as designed, the
// tamper rule on every stack, and the trail when config asks for one.
import * as assert from "assert";
import { KEY_TAMPER_EVENTS, tamperRuleName } from "../../infra/key-watch";
import { OfflineRun, RecordedResource } from "../../scripts/offline/recorder";
import { shippedStacks } from "../../scripts/offline/stacks";
import { runPolicies } from "../../policies/offline";
import { doc, ofType, one, planStack, planWith } from "../support/stack";

const DR = "eu-central-1";
const mandatory = async (run: OfflineRun) =>
    (
        await runPolicies(
            run.resources.map((r) => ({
                type: r.type,
                name: r.name,
                urn: r.urn,
                parent: r.parent,
                props: r.inputs,
                propertyDependencies: r.propertyDependencies,
            })),
        )
    )
        .filter((v) => v.enforcementLevel === "mandatory")
        .map((v) => `${v.policy} ${v.resource}: ${v.message}`);
const arnOf = (run: OfflineRun, r: RecordedResource) => run.resources.find((x) => x === r) && `${r.name}`;

describe("a stack with strongroom:drRegion", function () {
    this.timeout(120_000);
    for (const stack of ["dev", "prod", "staging"]) {
        it(`${stack}: plans with no mandatory violation, the DR region's resources through the second provider`, async () => {
            const run = await planWith(stack, { "strongroom:drRegion": DR, "strongroom:cloudTrail": "create" }, `${stack}-dr`);
            assert.deepStrictEqual(await mandatory(run), []);
            const provider = one(run, "pulumi:providers:aws", `${stack}-dr-dr`);
            assert.strictEqual(provider.inputs.region, DR);
            const inDr = run.resources.filter((r) => r.region === DR && r.custom && r.type !== "pulumi:providers:aws").map((r) => r.type);
            for (const type of ["aws:kms/replicaKey:ReplicaKey", "aws:kms/key:Key", "aws:sns/topic:Topic", "aws:cloudwatch/eventRule:EventRule"])
                assert.ok(inDr.includes(type), `${type} in ${DR}`);
            assert.ok(inDr.includes(stack === "prod" ? "aws:s3/bucket:Bucket" : "aws:backup/vault:Vault"));
            // Nothing of the primary's lands in the DR region, and the other way round.
            for (const r of run.resources.filter((x) => x.custom && x.region === DR)) assert.match(r.name, /-dr-|unseal-replica|snapshots-dr/, r.name);
        });
    }

    // One protection model (README *Disaster recovery*): the unseal key, its replica and the DR key follow the stack's
    // deletion protection, so a protected stack refuses to lose them and an unprotected one destroys cleanly.
    for (const on of [false, true])
        it(`the replica and the DR key are protected exactly when the stack's deletion protection is (${on ? "on" : "off"})`, async () => {
            const run = await planWith("dev", { "strongroom:drRegion": DR, "strongroom:tableDeletionProtection": String(on) }, "dev-dr");
            const keys = [
                one(run, "aws:kms/key:Key", "-vault-unseal-key"),
                one(run, "aws:kms/replicaKey:ReplicaKey"),
                one(run, "aws:kms/key:Key", "-dr-dr-key-key"),
            ];
            assert.deepStrictEqual(
                keys.map((k) => [k.name, Boolean(k.protect), Boolean(k.retainOnDelete)]),
                keys.map((k) => [k.name, on, false]),
            );
        });

    it("the replica: the primary's key id, used only by the recovery stack's role, everyone else denied", async () => {
        const run = await planWith("dev", { "strongroom:drRegion": DR }, "dev-dr");
        const primary = one(run, "aws:kms/key:Key", "-vault-unseal-key");
        const replica = one(run, "aws:kms/replicaKey:ReplicaKey");
        assert.strictEqual(primary.inputs.multiRegion, true);
        assert.match(replica.inputs.primaryKeyArn, /^arn:aws:kms:eu-west-1:.*key\/strongroom-dev-dr-vault-unseal-key-key-id$/);
        assert.strictEqual(replica.inputs.deletionWindowInDays, 30);
        const statements = doc(replica.inputs.policy).Statement;
        assert.deepStrictEqual(
            statements.map((s: any) => s.Sid),
            ["RootAdministers", "UseByRecoveryRole0", "NoUseByOthers"],
        );
        const role = "arn:aws:iam::123456789012:role/strongroom-dr-strongroom-dev-dr-vault-unseal-key-key-id";
        assert.deepStrictEqual(statements[1].Condition.ArnEquals, { "aws:PrincipalArn": role });
        assert.deepStrictEqual(statements[1].Action, ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"]);
        assert.deepStrictEqual(statements[2].Condition.ArnNotEquals, { "aws:PrincipalArn": [role] });
    });

    it("the pack judges the replica's policy as it judges a key's", async () => {
        const run = await planWith("dev", { "strongroom:drRegion": DR }, "dev-dr");
        const widened = {
            ...run,
            resources: run.resources.map((r) =>
                r.type === "aws:kms/replicaKey:ReplicaKey"
                    ? {
                          ...r,
                          inputs: { ...r.inputs, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }] }) },
                      }
                    : r,
            ),
        };
        assert.match((await mandatory(widened)).join("\n"), /strongroom-kms-key-policy strongroom-dev-dr-unseal-replica: .*admits anonymous callers/);
    });

    it("eks-raft: snapshots replicated to a bucket in the DR region, with the DR key, by a least-privilege role", async () => {
        const run = await planWith("prod", { "strongroom:drRegion": DR }, "prod-dr");
        const config = one(run, "aws:s3/bucketReplicationConfig:BucketReplicationConfig");
        const rule = config.inputs.rules[0];
        assert.deepStrictEqual(
            [rule.status, rule.filter, rule.deleteMarkerReplication, rule.sourceSelectionCriteria],
            ["Enabled", { prefix: "raft/" }, { status: "Disabled" }, { sseKmsEncryptedObjects: { status: "Enabled" } }],
        );
        const copy = one(run, "aws:s3/bucket:Bucket", "snapshots-dr-copy-bucket");
        assert.strictEqual(copy.region, DR);
        // prod's deletion protection is on: the copies cannot be dropped or replaced, and destroy stops first.
        assert.deepStrictEqual([copy.protect, Boolean(copy.inputs.forceDestroy)], [true, false]);
        assert.strictEqual(rule.destination.bucket, `arn:aws:s3:::${copy.name}-0000000`);
        const drKey = one(run, "aws:kms/key:Key", "-dr-dr-key-key");
        assert.strictEqual(rule.destination.encryptionConfiguration.replicaKmsKeyId, `arn:aws:kms:${DR}:123456789012:key/${drKey.name}-key-id`);
        for (const suffix of ["vault-snapshots-versioning", "snapshots-dr-copy-versioning"])
            assert.strictEqual(one(run, "aws:s3/bucketVersioning:BucketVersioning", suffix).inputs.versioningConfiguration.status, "Enabled");
        const policy = doc(one(run, "aws:iam/rolePolicy:RolePolicy", "snapshots-dr-role").inputs.policy).Statement;
        const actions = policy.filter((s: any) => s.Effect === "Allow").flatMap((s: any) => s.Action);
        assert.deepStrictEqual(actions.sort(), [
            "kms:Decrypt",
            "kms:Encrypt",
            "kms:GenerateDataKey",
            "s3:GetObjectVersionAcl",
            "s3:GetObjectVersionForReplication",
            "s3:GetObjectVersionTagging",
            "s3:GetReplicationConfiguration",
            "s3:ListBucket",
            "s3:ReplicateObject",
            "s3:ReplicateTags",
        ]);
        for (const s of policy.filter((x: any) => x.Effect === "Allow")) assert.ok(![s.Resource].flat().includes("*"), s.Sid);
        const kms = policy.filter((s: any) => String(s.Action).startsWith("kms:") && s.Effect === "Allow");
        assert.deepStrictEqual(
            kms.map((s: any) => s.Condition.StringEquals["kms:ViaService"]),
            ["s3.eu-west-1.amazonaws.com", `s3.${DR}.amazonaws.com`],
        );
    });

    it("eks-raft without deletion protection: the DR copies go with the stack (emptied, not left billed)", async () => {
        const run = await planWith("prod", { "strongroom:drRegion": DR, "strongroom:deletionProtection": "false" }, "prod-dr");
        const copy = one(run, "aws:s3/bucket:Bucket", "snapshots-dr-copy-bucket");
        assert.deepStrictEqual([Boolean(copy.protect), Boolean(copy.retainOnDelete), copy.inputs.forceDestroy], [false, false, true]);
    });

    it("ec2-dynamodb: the backup plan copies every recovery point to a vault in the DR region, kept as long", async () => {
        const run = await planWith("dev", { "strongroom:drRegion": DR, "strongroom:backupRetentionDays": "60" }, "dev-dr");
        const vault = one(run, "aws:backup/vault:Vault", "-dr-backup-vault");
        // dev's tableDeletionProtection is off: the copy vault goes with its recovery points on destroy.
        assert.deepStrictEqual([vault.region, Boolean(vault.protect), Boolean(vault.retainOnDelete), vault.inputs.forceDestroy], [DR, false, false, true]);
        const guarded = one(
            await planWith("dev", { "strongroom:drRegion": DR, "strongroom:tableDeletionProtection": "true" }, "dev-dr"),
            "aws:backup/vault:Vault",
            "-dr-backup-vault",
        );
        assert.deepStrictEqual([guarded.protect, Boolean(guarded.inputs.forceDestroy)], [true, false]);
        const [rule] = one(run, "aws:backup/plan:Plan").inputs.rules;
        assert.deepStrictEqual(rule.copyActions, [
            { destinationVaultArn: `arn:aws:backup:${DR}:123456789012:backup-vault:${vault.name}-0000000`, lifecycle: { deleteAfter: 60 } },
        ]);
    });

    it("without drRegion: no second provider, no replica, no copies", async () => {
        for (const stack of ["dev", "prod"]) {
            const run = await planStack(stack);
            assert.deepStrictEqual(ofType(run, "pulumi:providers:aws").length, 1);
            assert.deepStrictEqual(ofType(run, "aws:kms/replicaKey:ReplicaKey"), []);
            assert.ok(one(run, "aws:kms/key:Key", "-vault-unseal-key").inputs.multiRegion, "every new unseal key is multi-Region");
        }
    });
});

describe("tamper alarms on the unseal key", function () {
    this.timeout(120_000);
    for (const stack of shippedStacks()) {
        it(`${stack}: an EventBridge rule on the key's disabling, deleting and widening calls notifies the alert topic`, async () => {
            const run = await planStack(stack);
            const rule = one(run, "aws:cloudwatch/eventRule:EventRule", "-unseal-watch-rule");
            assert.strictEqual(rule.inputs.name, tamperRuleName(`strongroom-${stack}`));
            const pattern = JSON.parse(rule.inputs.eventPattern);
            const key = one(run, "aws:kms/key:Key", "-vault-unseal-key");
            assert.deepStrictEqual(pattern.detail.resources.ARN, [`arn:aws:kms:${key.region}:123456789012:key/${key.name}-key-id`]);
            for (const call of ["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy", "CreateGrant"]) assert.ok(pattern.detail.eventName.includes(call), call);
            assert.deepStrictEqual(pattern["detail-type"], ["AWS API Call via CloudTrail"]);
            const topic = one(run, "aws:sns/topic:Topic", "-alerts-topic");
            const topicArn = `arn:aws:sns:${topic.region}:123456789012:${topic.name}-0000000`;
            assert.strictEqual(one(run, "aws:cloudwatch/eventTarget:EventTarget", "-unseal-watch-notify").inputs.arn, topicArn);
            const ruleArn = `arn:aws:events:${rule.region}:123456789012:rule/${rule.inputs.name}`;
            const publish = doc(one(run, "aws:sns/topicPolicy:TopicPolicy", "-alerts-policy").inputs.policy).Statement.find(
                (s: any) => s.Principal?.Service === "events.amazonaws.com",
            );
            assert.deepStrictEqual(publish.Condition.ArnEquals, { "aws:SourceArn": ruleArn }, "the topic lets this rule publish, no other");
            const encrypt = doc(one(run, "aws:kms/key:Key", "-data-key").inputs.policy).Statement.find(
                (s: any) => s.Principal?.Service === "events.amazonaws.com",
            );
            assert.deepStrictEqual(encrypt.Condition.ArnEquals, { "aws:SourceArn": ruleArn }, "the data key encrypts for this rule only");
        });
    }

    it("names every call that disables, deletes, or widens a key, and only those", () => {
        assert.deepStrictEqual([...KEY_TAMPER_EVENTS].sort(), [
            "CreateGrant",
            "DeleteImportedKeyMaterial",
            "DisableKey",
            "DisableKeyRotation",
            "ImportKeyMaterial",
            "PutKeyPolicy",
            "ReplicateKey",
            "ScheduleKeyDeletion",
            "UpdatePrimaryRegion",
        ]);
    });

    it("cloudTrail create: a multi-Region, validated, encrypted trail into a bucket only it writes", async () => {
        const run = await planWith("dev", { "strongroom:cloudTrail": "create" }, "dev-trail");
        const trail = one(run, "aws:cloudtrail/trail:Trail");
        assert.deepStrictEqual(
            [trail.inputs.isMultiRegionTrail, trail.inputs.enableLogFileValidation, trail.inputs.includeGlobalServiceEvents],
            [true, true, true],
        );
        assert.match(trail.inputs.kmsKeyId, /data-key-key-id$/);
        const trailArn = `arn:aws:cloudtrail:eu-west-1:123456789012:trail/${trail.inputs.name}`;
        const policy = doc(one(run, "aws:s3/bucketPolicy:BucketPolicy", "-trail-logs-policy").inputs.policy).Statement;
        for (const s of policy.filter((x: any) => x.Effect === "Allow")) assert.deepStrictEqual(s.Condition, { StringEquals: { "aws:SourceArn": trailArn } });
        assert.deepStrictEqual(await mandatory(run), []);
        assert.deepStrictEqual(ofType(await planStack("dev"), "aws:cloudtrail/trail:Trail"), [], "existing (the default) makes none");
    });
});

void arnOf;
