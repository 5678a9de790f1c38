// The class check behind "a Vault whose seal key is replaced cannot unseal": no single config change replaces or
// deletes a resource that holds data or keys without Pulumi refusing (protect) or keeping it (retainOnDelete).
// Generated: every config key the program reads is changed in turn, on the ec2 and the eks stack with drRegion on,
// and each data-holding resource of the plan before must still exist under the same URN with the same values for
// every input that forces replacement (from the AWS provider's schema: terraform-provider-aws ForceNew).
import * as assert from "assert";
import { OfflineRun, ProgramFailed } from "../../scripts/offline/recorder";
import { CONFIG_KEYS } from "../../stacks/config";
import { planWith } from "../support/stack";

/** Inputs that force replacement, per type (terraform-provider-aws: internal/service/*: ForceNew), plus the region. */
export const FORCES_REPLACEMENT: Record<string, string[]> = {
    "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"],
    "aws:kms/replicaKey:ReplicaKey": ["primaryKeyArn"],
    "aws:dynamodb/table:Table": [
        "name",
        "hashKey",
        "rangeKey",
        "localSecondaryIndexes",
        "restoreSourceName",
        "restoreSourceTableArn",
        "restoreDateTime",
        "restoreToLatestTime",
        "restoreBackupArn",
    ],
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:backup/vault:Vault": ["name", "kmsKeyArn"],
    "aws:cloudtrail/trail:Trail": ["name", "s3BucketName"],
};

/** A valid other value for every key (some only make sense with a companion key, given as an object). */
export const ALTERNATIVES: Record<string, string | Record<string, string>> = {
    vpcCidr: "10.30.0.0/16",
    azCount: "4",
    natGateways: "single",
    existingVpcId: {
        "strongroom:existingVpcId": "vpc-0123456789abcdef0",
        "strongroom:existingPrivateSubnetIds": '["subnet-0aaaaaaaaaaaaaaa1","subnet-0aaaaaaaaaaaaaaa2","subnet-0aaaaaaaaaaaaaaa3"]',
        "strongroom:existingVpcEndpoints": "present",
    },
    existingPrivateSubnetIds: '["subnet-0aaaaaaaaaaaaaaa1","subnet-0aaaaaaaaaaaaaaa2","subnet-0aaaaaaaaaaaaaaa3"]',
    existingPublicSubnetIds: '["subnet-0bbbbbbbbbbbbbbb1","subnet-0bbbbbbbbbbbbbbb2"]',
    existingVpcEndpoints: "create",
    allowedCidrs: '["10.0.0.0/8","192.168.0.0/16"]',
    vaultVersion: "1.21.1",
    logRetentionDays: "90",
    alertEmail: "someone-else@example.com",
    tags: '{"team":"another"}',
    replicationEnabled: "false",
    replicationSchedule: "rate(1 hour)",
    replicationKvMount: "other-mount",
    replicationKvPath: "team",
    replicationSecretsPrefix: "platform/replicas",
    replicationAuthMethod: "token",
    replicationDeleteMode: "recover",
    replicationRecoveryWindowDays: "7",
    replicationMaxConcurrency: "4",
    replicationWriteRate: "10",
    backupRetentionDays: "90",
    replicationSecretReaderArns: '["arn:aws:iam::123456789012:role/reader"]',
    replicationOnAuditEvents: "false",
    replicationDriftMode: "report",
    drRegion: "eu-north-1",
    restoreFrom: "",
    unsealKeyArn: {
        "strongroom:unsealKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef",
        "strongroom:drRegion": "",
    },
    cloudTrail: "create",
    sealMigration: "migrated",
    nodeCount: "5",
    instanceType: "m7g.large",
    loadBalancerScheme: { "strongroom:loadBalancerScheme": "internet-facing", "strongroom:replicationEnabled": "false" },
    vaultDomain: "vault.example.com",
    certificateArn: {
        "strongroom:certificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/0b6a5c1e-7d2f-4c8e-9a51-3f0e2d4b6c7a",
        "strongroom:vaultDomain": "vault.example.com",
    },
    tableDeletionProtection: "true",
    tableBackupSchedule: "cron(0 5 * * ? *)",
    vaultDownloadUrl: "https://mirror.example.com/vault",
    kubernetesVersion: "1.32",
    nodeInstanceType: "m7g.large",
    nodeGroupSize: "7",
    vaultReplicas: "3",
    helmChartVersion: "0.34.0",
    endpointPublicAccessCidrs: '["203.0.113.0/24"]',
    deployFrom: {
        "strongroom:deployFrom": "vpc",
        "strongroom:existingVpcId": "vpc-0123456789abcdef0",
        "strongroom:existingPrivateSubnetIds": '["subnet-0aaaaaaaaaaaaaaa1","subnet-0aaaaaaaaaaaaaaa2","subnet-0aaaaaaaaaaaaaaa3"]',
        "strongroom:existingVpcEndpoints": "present",
        "strongroom:endpointPrivateAccessCidrs": '["10.30.1.0/24"]',
    },
    endpointPrivateAccessCidrs: '["10.30.1.0/24"]',
    clusterViewerRoleArns: '["arn:aws:iam::123456789012:role/another-viewer"]',
    deletionProtection: "false",
    clusterAdminRoleArns: '["arn:aws:iam::123456789012:role/someone"]',
    serviceCidr: "172.21.0.0/16",
    namespace: "secrets",
    injectorEnabled: "true",
    internalLoadBalancer: { "strongroom:internalLoadBalancer": "false", "strongroom:replicationEnabled": "false" },
    snapshotSchedule: "0 * * * *",
    dataStorageSize: "50Gi",
    auditStorageSize: "20Gi",
};

/** restoreFrom's alternative depends on the layout. */
const RESTORE_FROM = { "ec2-dynamodb": "2026-11-01T03:00:00Z", "eks-raft": "s3://strongroom-prod-snapshots/raft/20261101T030000Z.snap" };

const HOLDS_DATA = new Set(Object.keys(FORCES_REPLACEMENT));

/** Each data-holding resource of `before` that `after` would replace or delete without refusing or keeping it. */
export function silentlyLost(before: OfflineRun, after: OfflineRun): string[] {
    const found: string[] = [];
    for (const r of before.resources.filter((x) => HOLDS_DATA.has(x.type))) {
        const now = after.resources.find((x) => x.urn === r.urn);
        const guarded = r.protect || r.retainOnDelete;
        if (!now) {
            if (!guarded) found.push(`${r.name} (${r.type}) would be deleted`);
            continue;
        }
        // An ignored input keeps the value it was created with: a change to it replaces nothing.
        const ignored = new Set(r.ignoreChanges ?? []);
        const diff = FORCES_REPLACEMENT[r.type].filter((k) => !ignored.has(k) && JSON.stringify(r.inputs[k]) !== JSON.stringify(now.inputs[k]));
        if (r.region !== now.region) diff.push("region");
        // retainOnDelete keeps the old resource when it is replaced too; protect refuses the replacement.
        if (diff.length > 0 && !guarded) found.push(`${r.name} (${r.type}) would be replaced: ${diff.join(", ")} changed`);
    }
    return found;
}

async function planOrRefused(stack: string, edit: Record<string, string | undefined>): Promise<OfflineRun | "refused"> {
    try {
        return await planWith(stack, edit, `${stack}-dr`);
    } catch (err) {
        // A config the program refuses registers nothing: nothing can be replaced.
        if (err instanceof ProgramFailed && err.resources.length === 0) return "refused";
        throw err;
    }
}

// Both with deletion protection on (prod's default; dev turns it off, accepting that destroy removes its data, which
// test/aws-rules/destroy.test.ts holds to): then nothing that holds data or keys may go without Pulumi refusing.
const BASELINES = [
    {
        stack: "dev",
        layout: "ec2-dynamodb",
        protection: { "strongroom:tableDeletionProtection": "true" },
        keys: [...CONFIG_KEYS.common, ...CONFIG_KEYS["ec2-dynamodb"]],
    },
    { stack: "prod", layout: "eks-raft", protection: {}, keys: [...CONFIG_KEYS.common, ...CONFIG_KEYS["eks-raft"]] },
] as const;

describe("no config change replaces the unseal key or any data-holding resource silently", function () {
    this.timeout(900_000);

    it("every config key has an alternative value to try (a new key must add one)", () => {
        const every = [...new Set(Object.values(CONFIG_KEYS).flat())].filter((k) => k !== "layout");
        assert.deepStrictEqual(
            every.filter((k) => !(k in ALTERNATIVES)),
            [],
        );
    });

    for (const { stack, layout, protection, keys } of BASELINES) {
        it(`${stack} (${layout}) with drRegion: changing each key, one at a time`, async () => {
            const base = { "strongroom:drRegion": "eu-central-1", ...protection };
            const before = await planWith(stack, base, `${stack}-dr`);
            assert.ok(before.resources.some((r) => r.type === "aws:kms/replicaKey:ReplicaKey"));
            const problems: string[] = [];
            let tried = 0;
            for (const key of keys.filter((k) => k !== "layout")) {
                const alt = key === "restoreFrom" ? RESTORE_FROM[layout] : ALTERNATIVES[key];
                const edit: Record<string, string | undefined> = { ...base };
                for (const [k, v] of Object.entries(typeof alt === "string" ? { [`strongroom:${key}`]: alt } : alt)) edit[k] = v === "" ? undefined : v;
                const after = await planOrRefused(stack, edit);
                if (after === "refused") continue;
                tried++;
                problems.push(...silentlyLost(before, after).map((p) => `${key}: ${p}`));
            }
            assert.ok(tried >= keys.length / 2, `only ${tried} of ${keys.length} changes planned; the others were refused`);
            assert.deepStrictEqual(problems, []);
        });
    }

    // Moving a stack's region replaces every resource: each that holds data or keys is refused (protected).
    for (const { stack, protection } of BASELINES) {
        it(`${stack}: changing aws:region never replaces a resource that holds data or keys silently`, async () => {
            const base = { "strongroom:drRegion": "eu-central-1", ...protection };
            const before = await planWith(stack, base, `${stack}-dr`);
            const after = await planWith(stack, { ...base, "aws:region": "eu-north-1" }, `${stack}-dr`);
            assert.deepStrictEqual(silentlyLost(before, after), []);
            assert.ok(before.resources.find((r) => r.name.endsWith("-vault-unseal-key"))!.protect);
        });
    }

    it("is not blind: an unseal key whose key spec follows a config key, unprotected, is caught", async () => {
        const before = await planWith("dev", {}, "dev-dr");
        const after = await planWith("dev", { "strongroom:tags": '{"x":"y"}' }, "dev-dr");
        const tamper = (run: OfflineRun, spec: string, protect: boolean): OfflineRun => ({
            ...run,
            resources: run.resources.map((r) =>
                r.name.endsWith("-vault-unseal-key") ? { ...r, protect, inputs: { ...r.inputs, customerMasterKeySpec: spec } } : r,
            ),
        });
        assert.deepStrictEqual(silentlyLost(tamper(before, "SYMMETRIC_DEFAULT", false), tamper(after, "HMAC_256", false)).length, 1);
        assert.deepStrictEqual(silentlyLost(tamper(before, "SYMMETRIC_DEFAULT", true), tamper(after, "HMAC_256", true)), [], "protected: Pulumi refuses");
        const renamed = { ...after, resources: after.resources.filter((r) => !r.name.endsWith("-vault-backup-vault")) };
        assert.match(silentlyLost(before, renamed).join(), /backup-vault.*would be deleted/);
    });
});
