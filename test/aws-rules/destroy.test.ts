// Class check: `pulumi destroy` either succeeds or is refused on purpose, per resource that holds Vault's data
// (test/support/destroy.ts): with the stack's deletion protection on, every one is protected and destroy stops before
// deleting anything; with it off, every one is deleted cleanly (no delete AWS refuses half-way, no billed leftovers).
import * as assert from "assert";
import { dataHolders, destroyProblems } from "../support/destroy";
import { editedConfig, planConfig } from "../support/stack";

const CASES: [string, string, Record<string, string>, boolean][] = [
    ["dev (ec2, protection off)", "dev", {}, false],
    ["dev with tableDeletionProtection", "dev", { "strongroom:tableDeletionProtection": "true" }, true],
    ["staging (ec2, protected)", "staging", {}, true],
    ["prod (eks, protected by default)", "prod", {}, true],
    ["prod with deletionProtection off", "prod", { "strongroom:deletionProtection": "false" }, false],
    // The DR region's replica key, key and copies, and a created trail's bucket follow the same setting.
    ["dev with drRegion and a trail (protection off)", "dev", { "strongroom:drRegion": "eu-central-1", "strongroom:cloudTrail": "create" }, false],
    [
        "dev with drRegion and a trail, protected",
        "dev",
        { "strongroom:drRegion": "eu-central-1", "strongroom:cloudTrail": "create", "strongroom:tableDeletionProtection": "true" },
        true,
    ],
    ["prod with drRegion", "prod", { "strongroom:drRegion": "eu-central-1", "strongroom:cloudTrail": "create" }, true],
    [
        "prod with drRegion, deletionProtection off",
        "prod",
        { "strongroom:drRegion": "eu-central-1", "strongroom:cloudTrail": "create", "strongroom:deletionProtection": "false" },
        false,
    ],
];

describe("pulumi destroy succeeds or is refused on purpose, per resource that holds data", function () {
    this.timeout(300_000);
    for (const [what, stack, edit, protectedStack] of CASES) {
        it(what, async () => {
            const run = await planConfig(stack, editedConfig(stack, edit));
            assert.ok(dataHolders(run.resources).length >= 3, "finds the table or volumes, the backups and the unseal key");
            assert.deepStrictEqual(destroyProblems(run.resources, protectedStack), []);
        });
    }

    it("the check is not blind: the first version's full bucket, full backup vault, retained volumes and unprotected data are caught", async () => {
        const prod = await planConfig("prod", editedConfig("prod", { "strongroom:deletionProtection": "false" }));
        const old = prod.resources.map((r) => {
            if (r.type === "aws:s3/bucket:Bucket") return { ...r, inputs: { ...r.inputs, forceDestroy: undefined } };
            if (r.type === "kubernetes:storage.k8s.io/v1:StorageClass") return { ...r, inputs: { ...r.inputs, reclaimPolicy: "Retain" } };
            return r;
        });
        const problems = destroyProblems(old, false);
        assert.ok(
            problems.some((p) => /snapshots-bucket: fails \(S3 refuses/.test(p)),
            problems.join("\n"),
        );
        assert.ok(
            problems.some((p) => /\(Raft volumes\): leaks/.test(p)),
            problems.join("\n"),
        );
        const dev = await planConfig("dev", editedConfig("dev", {}));
        const oldVault = dev.resources.map((r) => (r.type === "aws:backup/vault:Vault" ? { ...r, inputs: { ...r.inputs, forceDestroy: undefined } } : r));
        assert.match(destroyProblems(oldVault, false).join("\n"), /backup-vault.*: fails \(AWS Backup refuses/);
        const staging = await planConfig("staging", editedConfig("staging", {}));
        const unprotected = staging.resources.map((r) => (r.type === "aws:backup/vault:Vault" ? { ...r, protect: false } : r));
        assert.match(destroyProblems(unprotected, true).join("\n"), /backup-vault.*: fails .* deletion protection is on/);
    });
});
