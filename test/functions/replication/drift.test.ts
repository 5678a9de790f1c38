// Copies changed behind Vault's back: found from what ListSecrets already returns (no extra call when nothing
// drifted), confirmed with one DescribeSecret, made Vault's again by moving AWSCURRENT back to the version the
// function wrote (no value read), or only reported. Each case failed on the code before drift detection.
import * as assert from "assert";
import { createHash } from "crypto";
import { runHandler } from "../../support/fakes/run";
import { MOUNT, PREFIX, startWorld, World } from "../../support/fakes/world";

describe("replication: copies changed outside Vault", () => {
    let world: World;
    const sm = () => world.aws.secretsManager;
    const name = (p: string) => `${PREFIX}/${p}`;
    const current = (p: string) =>
        sm()
            .secrets.get(name(p))!
            .versions.find((v) => v.stages.includes("AWSCURRENT"))!;
    beforeEach(async () => {
        world = await startWorld();
        for (const p of ["a", "b", "c"]) world.vault.put(MOUNT, p, { v: `vault-${p}` });
        assert.ifError((await runHandler(world)).error);
        sm().calls.reset();
        world.vault.calls.reset();
    });
    afterEach(async () => world.stop());

    it("costs no call when nothing drifted: the steady state is still one ListSecrets page", async () => {
        const run = await runHandler(world);
        assert.deepStrictEqual(run.result, { created: 0, updated: 0, unchanged: 3, deleted: 0, conflicts: 0, failed: 0, drifted: 0 });
        assert.deepStrictEqual(sm().calls.counts, { ListSecrets: 1 });
        assert.strictEqual(world.aws.published.length, 0);
    });

    it("makes Vault's version current again with one stage move, reads no value, and reports it", async () => {
        const ours = current("b").id;
        sm().outOfBand(name("b"), JSON.stringify({ v: "edited in the console" }));
        const run = await runHandler(world);
        assert.ifError(run.error);
        assert.strictEqual(run.result?.drifted, 1);
        assert.strictEqual(run.result?.unchanged, 2);
        assert.deepStrictEqual(JSON.parse(sm().value(name("b"))!), { v: "vault-b" });
        assert.strictEqual(current("b").id, ours, "the function's own version is current again");
        assert.deepStrictEqual(sm().calls.counts, { ListSecrets: 1, DescribeSecret: 1, UpdateSecretVersionStage: 1 });
        assert.strictEqual(world.vault.calls.get("data"), 0, "no value was read: the version holds Vault's value");
        assert.strictEqual(world.aws.published.length, 1);
        assert.match(world.aws.published[0].message, /1 copy was changed outside Vault[^]*hybrid-aws-secrets\/b: made Vault's version current again/);
        assert.ok(run.logs.some((l) => l.includes('"event":"copy-changed-outside-vault"') && l.includes('"path":"b"')));
        const again = await runHandler(world);
        assert.strictEqual(again.result?.drifted, 0, "fixed for good");
    });

    it("with DRIFT_MODE=report only reports, writing nothing", async () => {
        sm().outOfBand(name("c"), JSON.stringify({ v: "edited" }));
        const run = await runHandler(world, { DRIFT_MODE: "report" });
        assert.ifError(run.error);
        assert.strictEqual(run.result?.drifted, 1);
        assert.deepStrictEqual(JSON.parse(sm().value(name("c"))!), { v: "edited" });
        assert.deepStrictEqual(sm().calls.counts, { ListSecrets: 1, DescribeSecret: 1 });
        assert.match(world.aws.published[0].message, /hybrid-aws-secrets\/c: left as it is/);
        assert.match(world.aws.published[0].subject ?? "", /changed outside Vault/);
    });

    it("finds its version after two edits, when it no longer has a label", async () => {
        const ours = current("a").id;
        sm().outOfBand(name("a"), JSON.stringify({ v: "edit 1" }));
        sm().outOfBand(name("a"), JSON.stringify({ v: "edit 2" }));
        const run = await runHandler(world);
        assert.strictEqual(run.result?.drifted, 1);
        assert.strictEqual(current("a").id, ours);
        assert.deepStrictEqual(JSON.parse(sm().value(name("a"))!), { v: "vault-a" });
    });

    it("writes the value again from Vault when its version is gone", async () => {
        const copy = sm().secrets.get(name("a"))!;
        const ours = current("a").id;
        sm().outOfBand(name("a"), JSON.stringify({ v: "edit" }));
        copy.versions = copy.versions.filter((v) => v.id !== ours);
        const run = await runHandler(world);
        assert.ifError(run.error);
        assert.strictEqual(run.result?.drifted, 1);
        assert.strictEqual(current("a").id, ours, "written again under the same token");
        assert.deepStrictEqual(JSON.parse(sm().value(name("a"))!), { v: "vault-a" });
        assert.strictEqual(world.vault.calls.get("data"), 1, "the value is read from Vault only in this case");
    });

    it("trusts DescribeSecret over a listing that still shows old stages (ListSecrets lags by minutes)", async () => {
        const copy = sm().secrets.get(name("a"))!;
        sm().listedStages.set(name("a"), { "someone-elses-version": ["AWSCURRENT"], [copy.versions[0].id]: ["AWSPREVIOUS"] });
        const run = await runHandler(world);
        assert.ifError(run.error);
        assert.strictEqual(run.result?.drifted, 0);
        assert.strictEqual(sm().calls.get("UpdateSecretVersionStage"), 0);
        assert.strictEqual(world.aws.published.length, 0);
    });

    it("accepts copies written by the first releases (token without the creation time) and retagged since", async () => {
        const legacy = createHash("sha256").update(`a\u00001`).digest("hex");
        const copy = sm().secrets.get(name("a"))!;
        copy.versions = [{ id: legacy, value: copy.versions[0].value, stages: ["AWSCURRENT"] }];
        const run = await runHandler(world);
        assert.strictEqual(run.result?.drifted, 0);
    });

    it("a stale copy that was also edited is simply updated to Vault's new version", async () => {
        sm().outOfBand(name("a"), JSON.stringify({ v: "edit" }));
        world.vault.put(MOUNT, "a", { v: "vault-a-2" });
        const run = await runHandler(world);
        assert.deepStrictEqual([run.result?.updated, run.result?.drifted], [1, 0]);
        assert.deepStrictEqual(JSON.parse(sm().value(name("a"))!), { v: "vault-a-2" });
    });

    it("a failed stage move is a failure of that path, reported, and the run fails", async () => {
        sm().outOfBand(name("a"), JSON.stringify({ v: "edit" }));
        sm().faults.add({ op: "UpdateSecretVersionStage", status: 400, type: "AccessDeniedException" });
        const run = await runHandler(world);
        assert.match(run.error!.message, /a \(aws-AccessDeniedException\)/);
        assert.match(world.aws.published[0].message, /^a: aws-AccessDeniedException$/m);
        assert.match(world.aws.published[0].message, /hybrid-aws-secrets\/a: left as it is/);
    });
});
