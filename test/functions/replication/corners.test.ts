// The corners where Vault's real KV v2 rules and Secrets Manager's real limits meet: each case here returned a wrong
// result before (a stale copy, a deleted live copy, a failed run, a re-read every run, a report never sent).
import * as assert from "assert";
import { MAX_ERROR_BYTES } from "../../../functions/replication/index";
import { MAX_REPORT_BYTES } from "../../../functions/replication/notify";
import { runHandler } from "../../support/fakes/run";
import { MOUNT, PREFIX, startWorld, World } from "../../support/fakes/world";

describe("replication corners", () => {
    let world: World;
    const sm = () => world.aws.secretsManager;
    const value = (path: string) => JSON.parse(sm().value(`${PREFIX}/${path}`)!);
    beforeEach(async () => (world = await startWorld()));
    afterEach(async () => world.stop());

    describe("a path re-created in Vault (its versions start again at 1)", () => {
        it("is copied again, not reported unchanged", async () => {
            world.vault.put(MOUNT, "db", { password: "old" });
            assert.ifError((await runHandler(world)).error);
            world.vault.remove(MOUNT, "db");
            world.vault.put(MOUNT, "db", { password: "new" });
            const run = await runHandler(world);
            assert.ifError(run.error);
            assert.strictEqual(run.result?.updated, 1);
            assert.deepStrictEqual(value("db"), { password: "new" });
        });

        it("is restored and updated in recover mode", async () => {
            world.vault.put(MOUNT, "db", { password: "old" });
            await runHandler(world);
            world.vault.remove(MOUNT, "db");
            assert.strictEqual((await runHandler(world, { DELETE_MODE: "recover" })).result?.deleted, 1);
            world.vault.put(MOUNT, "db", { password: "new" });
            const run = await runHandler(world, { DELETE_MODE: "recover" });
            assert.ifError(run.error);
            assert.strictEqual(sm().secrets.get(`${PREFIX}/db`)!.deletedDate, undefined, "restored");
            assert.deepStrictEqual(value("db"), { password: "new" });
        });

        it("copies made before the creation-time tag are tagged, not rewritten, when they are current", async () => {
            world.vault.put(MOUNT, "a", { v: 1 });
            await runHandler(world);
            const copy = sm().secrets.get(`${PREFIX}/a`)!;
            delete copy.tags["vault-version-created"];
            const versionsBefore = copy.versions.length;
            world.vault.calls.reset();
            const run = await runHandler(world);
            assert.ifError(run.error);
            assert.strictEqual(copy.versions.length, versionsBefore, "no value was rewritten");
            assert.strictEqual(world.vault.calls.get("data"), 0, "no value was read");
            assert.ok(copy.tags["vault-version-created"], "the tag was added");
        });

        it("an untagged copy written before the Vault version was created is rewritten", async () => {
            world.vault.put(MOUNT, "a", { v: "old" });
            await runHandler(world);
            const copy = sm().secrets.get(`${PREFIX}/a`)!;
            delete copy.tags["vault-version-created"];
            copy.lastChanged = Date.now() - 60_000;
            world.vault.remove(MOUNT, "a");
            world.vault.put(MOUNT, "a", { v: "new" });
            assert.ifError((await runHandler(world)).error);
            assert.deepStrictEqual(value("a"), { v: "new" });
        });
    });

    it("with VAULT_KV_PATH, lists and deletes only copies under that sub-path", async () => {
        world.vault.put(MOUNT, "team-a/app", { v: 1 });
        world.vault.put(MOUNT, "team-b/app", { v: 1 });
        assert.strictEqual((await runHandler(world)).result?.created, 2);
        const run = await runHandler(world, { VAULT_KV_PATH: "team-a", DELETE_MODE: "recover" });
        assert.ifError(run.error);
        assert.strictEqual(run.result?.deleted, 0);
        assert.strictEqual(sm().secrets.get(`${PREFIX}/team-b/app`)!.deletedDate, undefined, "a live copy outside the sub-path was deleted");
        world.vault.remove(MOUNT, "team-a/app");
        const scoped = await runHandler(world, { VAULT_KV_PATH: "team-a", DELETE_MODE: "recover" });
        assert.strictEqual(scoped.result?.deleted, 1, "a copy inside the sub-path whose path is gone is still deleted");
    });

    describe("a key with metadata but no version (`vault kv metadata put`)", () => {
        it("is no live version: nothing to copy, and the run does not fail", async () => {
            world.vault.metadataPut(MOUNT, "not-yet");
            world.vault.put(MOUNT, "live", { v: 1 });
            const run = await runHandler(world);
            assert.ifError(run.error);
            assert.deepStrictEqual([run.result?.created, run.result?.failed], [1, 0]);
            assert.strictEqual(sm().secrets.has(`${PREFIX}/not-yet`), false);
        });

        it("deletes an existing copy in recover mode", async () => {
            world.vault.put(MOUNT, "k", { v: 1 });
            await runHandler(world);
            world.vault.remove(MOUNT, "k");
            world.vault.metadataPut(MOUNT, "k");
            const run = await runHandler(world, { DELETE_MODE: "recover" });
            assert.ifError(run.error);
            assert.strictEqual(run.result?.deleted, 1);
        });
    });

    it("a path longer than a tag value allows still replicates, once", async () => {
        const long = `team/${"x".repeat(290)}`;
        world.vault.put(MOUNT, long, { v: 1 });
        const first = await runHandler(world);
        assert.ifError(first.error);
        const copy = sm().secrets.get(`${PREFIX}/${long}`)!;
        assert.ok(copy, "created");
        assert.strictEqual(copy.tags["vault-path"], undefined, "the path is derived from the name, not tagged");
        for (const v of Object.values(copy.tags)) assert.ok(v.length <= 256, "every tag value within 256 characters");
        world.vault.calls.reset();
        const second = await runHandler(world);
        assert.strictEqual(second.result?.unchanged, 1);
        assert.strictEqual(world.vault.calls.get("data"), 0, "not read again");
    });

    it("a value over 64 KB fails that path with a clear kind, before any AWS write", async () => {
        world.vault.put(MOUNT, "huge", { blob: "x".repeat(70_000) });
        const run = await runHandler(world);
        assert.match(run.error!.message, /huge \(value-too-large\)/);
        assert.strictEqual(sm().calls.get("CreateSecret"), 0);
    });

    it("a soft-deleted path with no copy is not read again: steady state reads no values", async () => {
        world.vault.put(MOUNT, "gone", { v: 1 });
        world.vault.softDelete(MOUNT, "gone");
        world.vault.put(MOUNT, "kept", { v: 1 });
        await runHandler(world);
        world.vault.calls.reset();
        const steady = await runHandler(world);
        assert.ifError(steady.error);
        assert.strictEqual(world.vault.calls.get("data"), 0);
    });

    it("the failure report stays under SNS's 256 KB, saying how many were left out; the thrown error is bounded too", async () => {
        const paths = Array.from({ length: 1500 }, (_, i) => `team/${String(i).padStart(4, "0")}-${"p".repeat(200)}`);
        for (const p of paths) world.vault.put(MOUNT, p, { v: 1 });
        world.vault.faults.add({ op: "data", status: 403, times: paths.length });
        const run = await runHandler(world);
        assert.ok(run.error);
        assert.ok(Buffer.byteLength(run.error.message) <= MAX_ERROR_BYTES, `error of ${Buffer.byteLength(run.error.message)} bytes`);
        assert.match(run.error.message, /… and \d+ more/);
        assert.strictEqual(world.aws.published.length, 1, "the report was sent");
        const message = world.aws.published[0].message;
        assert.ok(Buffer.byteLength(message) <= MAX_REPORT_BYTES, `report of ${Buffer.byteLength(message)} bytes`);
        const listed = (message.match(/: vault-403$/gm) ?? []).length;
        const more = Number(/… and (\d+) more/.exec(message)![1]);
        assert.strictEqual(listed + more, paths.length, "every failure is listed or counted");
    });
});
