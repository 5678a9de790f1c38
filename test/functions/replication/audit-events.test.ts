// The audit-event path: a CloudWatch Logs subscription event names paths Vault just changed; the function syncs
// those paths only, through the same planner, pacer and reports as a full run.
import * as assert from "assert";
import { runHandler } from "../../support/fakes/run";
import { MOUNT, PREFIX, startWorld, World } from "../../support/fakes/world";
import { AUDIT_LOG_GROUP, auditLine, containerRecord, delivery, LAMBDA_CONTEXT, subscriptionEvent, VAULT_NAMESPACE } from "../../support/audit-events";

const FILE = { AUDIT_LOG_GROUP, AUDIT_FORMAT: "file" };
const CONTAINER = { AUDIT_LOG_GROUP, AUDIT_FORMAT: "container", AUDIT_NAMESPACE: VAULT_NAMESPACE };
const WRITES = ["CreateSecret", "PutSecretValue", "TagResource", "DeleteSecret", "RestoreSecret", "UpdateSecretVersionStage"];

describe("replication: the audit-event path", () => {
    let world: World;
    const sm = () => world.aws.secretsManager;
    const value = (p: string) => JSON.parse(sm().value(`${PREFIX}/${p}`)!);
    const onEvent = (lines: string[], extra: Record<string, string> = FILE) =>
        runHandler(world, extra, { event: subscriptionEvent(delivery(lines)), context: LAMBDA_CONTEXT });
    beforeEach(async () => {
        world = await startWorld();
        for (const p of ["a", "b", "team/c"]) world.vault.put(MOUNT, p, { v: `${p}-1` });
        assert.ifError((await runHandler(world)).error);
        sm().calls.reset();
        world.vault.calls.reset();
    });
    afterEach(async () => world.stop());

    it("syncs only the path a write names: one DescribeSecret, metadata, data, the write; no listing on either side", async () => {
        world.vault.put(MOUNT, "a", { v: "a-2" });
        world.vault.put(MOUNT, "b", { v: "b-2" });
        const run = await onEvent([auditLine(`${MOUNT}/data/a`)]);
        assert.ifError(run.error);
        assert.deepStrictEqual(run.result, { created: 0, updated: 1, unchanged: 0, deleted: 0, conflicts: 0, failed: 0, drifted: 0 });
        assert.deepStrictEqual(value("a"), { v: "a-2" });
        assert.deepStrictEqual(value("b"), { v: "b-1" }, "a path the event does not name waits for the schedule");
        assert.deepStrictEqual(sm().calls.counts, { DescribeSecret: 1, PutSecretValue: 1, TagResource: 1 });
        assert.strictEqual(world.vault.calls.get("list"), 0);
        assert.deepStrictEqual([world.vault.calls.get("metadata"), world.vault.calls.get("data")], [1, 1]);
    });

    it("creates a new path with one data read, and merges every line about the same path into one sync", async () => {
        world.vault.put(MOUNT, "team/new", { v: "n-1" });
        world.vault.put(MOUNT, "team/new", { v: "n-2" });
        const lines = [
            auditLine(`${MOUNT}/data/team/new`, { operation: "create" }),
            auditLine(`${MOUNT}/data/team/new`),
            auditLine(`${MOUNT}/metadata/team/new`),
        ];
        const run = await onEvent(lines);
        assert.ifError(run.error);
        assert.strictEqual(run.result?.created, 1);
        assert.deepStrictEqual(value("team/new"), { v: "n-2" });
        assert.deepStrictEqual(sm().calls.counts, { DescribeSecret: 1, CreateSecret: 1 });
        assert.strictEqual(world.vault.calls.get("data"), 1);
    });

    for (const [what, line, change] of [
        ["a soft delete (DELETE data/…)", auditLine(`${MOUNT}/data/a`, { operation: "delete" }), (w: World) => w.vault.softDelete(MOUNT, "a")],
        ["a destroy (POST destroy/…)", auditLine(`${MOUNT}/destroy/a`), (w: World) => w.vault.destroy(MOUNT, "a")],
        ["a metadata delete", auditLine(`${MOUNT}/metadata/a`, { operation: "delete" }), (w: World) => w.vault.remove(MOUNT, "a")],
    ] as const) {
        it(`deletes the copy after ${what} in recover mode, and keeps it otherwise`, async () => {
            change(world);
            const kept = await onEvent([line]);
            assert.ifError(kept.error);
            assert.strictEqual(sm().secrets.get(`${PREFIX}/a`)!.deletedDate, undefined);
            const run = await onEvent([line], { ...FILE, DELETE_MODE: "recover" });
            assert.ifError(run.error);
            assert.strictEqual(run.result?.deleted, 1);
            assert.ok(sm().secrets.get(`${PREFIX}/a`)!.deletedDate);
        });
    }

    it("restores a deleted copy when the path is written again", async () => {
        world.vault.remove(MOUNT, "b");
        await onEvent([auditLine(`${MOUNT}/metadata/b`, { operation: "delete" })], { ...FILE, DELETE_MODE: "recover" });
        world.vault.put(MOUNT, "b", { v: "back" });
        const run = await onEvent([auditLine(`${MOUNT}/data/b`, { operation: "create" })], { ...FILE, DELETE_MODE: "recover" });
        assert.ifError(run.error);
        assert.strictEqual(sm().secrets.get(`${PREFIX}/b`)!.deletedDate, undefined);
        assert.deepStrictEqual(value("b"), { v: "back" });
    });

    it("finds a copy changed outside Vault on the way, with no extra call", async () => {
        sm().outOfBand(`${PREFIX}/a`, JSON.stringify({ v: "edited" }));
        const run = await onEvent([auditLine(`${MOUNT}/metadata/a`)]);
        assert.ifError(run.error);
        assert.strictEqual(run.result?.drifted, 1);
        assert.deepStrictEqual(value("a"), { v: "a-1" });
        assert.deepStrictEqual(sm().calls.counts, { DescribeSecret: 1, UpdateSecretVersionStage: 1 });
    });

    it("applies ownership rules: a secret it does not own is a conflict, never written", async () => {
        sm().seed(`${PREFIX}/theirs`, "someone else's", { team: "payments" });
        world.vault.put(MOUNT, "theirs", { v: 1 });
        const run = await onEvent([auditLine(`${MOUNT}/data/theirs`)]);
        assert.strictEqual(run.result?.conflicts, 1);
        assert.strictEqual(sm().value(`${PREFIX}/theirs`), "someone else's");
    });

    it("reads Fluent Bit's container records on eks-raft", async () => {
        world.vault.put(MOUNT, "team/c", { v: "c-2" });
        const run = await onEvent([containerRecord(auditLine(`${MOUNT}/data/team/c`))], CONTAINER);
        assert.ifError(run.error);
        assert.strictEqual(run.result?.updated, 1);
        assert.deepStrictEqual(value("team/c"), { v: "c-2" });
    });

    it("keeps to VAULT_KV_PATH", async () => {
        world.vault.put(MOUNT, "team/c", { v: "c-2" });
        const run = await onEvent([auditLine(`${MOUNT}/data/team/c`)], { ...FILE, VAULT_KV_PATH: "team" });
        assert.strictEqual(run.result?.updated, 1);
        const outside = await onEvent([auditLine(`${MOUNT}/data/a`)], { ...FILE, VAULT_KV_PATH: "team" });
        assert.match(outside.error!.message, /audit event refused: it names a path outside hybrid-aws-secrets\/team/);
    });

    it("ignores CloudWatch's control messages: no call, no report", async () => {
        const run = await runHandler(world, FILE, { event: subscriptionEvent(delivery([], { messageType: "CONTROL_MESSAGE" })), context: LAMBDA_CONTEXT });
        assert.ifError(run.error);
        assert.deepStrictEqual(run.result, { created: 0, updated: 0, unchanged: 0, deleted: 0, conflicts: 0, failed: 0, drifted: 0 });
        assert.deepStrictEqual(sm().calls.counts, {});
        assert.strictEqual(world.vault.calls.get("login"), 0);
        assert.strictEqual(world.aws.published.length, 0);
    });

    it("refuses any event when no subscription is configured", async () => {
        const run = await runHandler(world, {}, { event: subscriptionEvent(delivery([auditLine(`${MOUNT}/data/a`)])) });
        assert.match(run.error!.message, /AUDIT_LOG_GROUP is not set/);
        assert.match(world.aws.published[0].message, /\(audit event\): event-path-off/);
    });

    it("fails the invocation and reports a path that failed, like a full run", async () => {
        world.vault.put(MOUNT, "a", { v: "a-2" });
        world.vault.faults.add({ op: "data", match: "/a", status: 500 });
        const run = await onEvent([auditLine(`${MOUNT}/data/a`)]);
        assert.match(run.error!.message, /a \(vault-500\)/);
        assert.match(world.aws.published[0].message, /^a: vault-500$/m);
    });

    it("paces an event's writes to the write quota like a full run (each quota group at WRITE_RATE)", async () => {
        const paths = Array.from({ length: 30 }, (_, i) => `burst/p${i}`);
        for (const p of paths) world.vault.put(MOUNT, p, { v: p });
        const started = Date.now();
        const run = await onEvent(
            paths.map((p) => auditLine(`${MOUNT}/data/${p}`)),
            { ...FILE, WRITE_RATE: "10" },
        );
        assert.ifError(run.error);
        assert.strictEqual(run.result?.created, 30);
        // Throttling under the quota is measured by `npm run bench` and the rehearsal, not by a timed unit test.
        assert.ok(Date.now() - started >= 2800, "30 creates paced at 10 per second take at least 2.9 s");
        for (const w of WRITES.slice(1)) assert.strictEqual(sm().calls.get(w), 0, w);
    });
});
