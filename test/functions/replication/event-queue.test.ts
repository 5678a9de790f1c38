// The FIFO queue between audit events and syncs: a subscription invocation only checks and queues; a queue batch is
// synced by one invocation at a time. Queued messages are input too, and checked again.
import * as assert from "assert";
import { MAX_MESSAGE_BYTES, MESSAGE_GROUP } from "../../../functions/replication/event-queue";
import { runHandler } from "../../support/fakes/run";
import { MOUNT, PREFIX, startWorld, World } from "../../support/fakes/world";
import { AUDIT_LOG_GROUP, auditLine, delivery, LAMBDA_CONTEXT, subscriptionEvent } from "../../support/audit-events";

const QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/strongroom-dev-replication-events.fifo";
const ENV = { AUDIT_LOG_GROUP, AUDIT_FORMAT: "file", EVENT_QUEUE_URL: QUEUE };

/** What the event source mapping hands the function: a batch of queue records. */
function queueBatch(bodies: string[]) {
    return {
        Records: bodies.map((body, i) => ({
            messageId: `m-${i}`,
            receiptHandle: `r-${i}`,
            body,
            attributes: { MessageGroupId: MESSAGE_GROUP },
            eventSource: "aws:sqs",
            eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:strongroom-dev-replication-events.fifo",
        })),
    };
}

describe("replication: the event queue", () => {
    let world: World;
    const sm = () => world.aws.secretsManager;
    beforeEach(async () => {
        world = await startWorld();
        for (const p of ["a", "b"]) world.vault.put(MOUNT, p, { v: `${p}-1` });
        assert.ifError((await runHandler(world)).error);
        sm().calls.reset();
        world.vault.calls.reset();
    });
    afterEach(async () => world.stop());

    it("a subscription invocation checks the event and queues its paths: no Vault or Secrets Manager call", async () => {
        const event = subscriptionEvent(delivery([auditLine(`${MOUNT}/data/a`), auditLine(`${MOUNT}/data/b`), auditLine(`${MOUNT}/data/a`)]));
        const run = await runHandler(world, ENV, { event, context: LAMBDA_CONTEXT });
        assert.ifError(run.error);
        assert.deepStrictEqual(world.aws.queued.length, 1);
        const [message] = world.aws.queued;
        assert.deepStrictEqual(JSON.parse(message.body), { paths: ["a", "b"] });
        assert.deepStrictEqual([message.queueUrl, message.groupId], [QUEUE, MESSAGE_GROUP]);
        assert.deepStrictEqual(sm().calls.counts, {});
        assert.deepStrictEqual(world.vault.calls.counts, {});
        await runHandler(world, ENV, { event, context: LAMBDA_CONTEXT });
        assert.strictEqual(world.aws.queued.length, 1, "the same delivery again is deduplicated by its log events' ids");
    });

    it("splits a long list of paths over messages under SQS's size limit, in order", async () => {
        const paths = Array.from({ length: 900 }, (_, i) => `long/${String(i).padStart(3, "0")}-${"x".repeat(400)}`);
        const run = await runHandler(world, ENV, {
            event: subscriptionEvent(delivery(paths.map((p) => auditLine(`${MOUNT}/data/${p}`)))),
            context: LAMBDA_CONTEXT,
        });
        assert.ifError(run.error);
        assert.ok(world.aws.queued.length >= 2);
        for (const m of world.aws.queued) assert.ok(Buffer.byteLength(m.body) <= MAX_MESSAGE_BYTES + 64);
        assert.deepStrictEqual(
            world.aws.queued.flatMap((m) => JSON.parse(m.body).paths),
            [...paths].sort(),
        );
    });

    it("a queue batch syncs the union of its messages' paths, once each", async () => {
        world.vault.put(MOUNT, "a", { v: "a-2" });
        world.vault.put(MOUNT, "b", { v: "b-2" });
        const run = await runHandler(world, ENV, { event: queueBatch([JSON.stringify({ paths: ["a"] }), JSON.stringify({ paths: ["a", "b"] })]) });
        assert.ifError(run.error);
        assert.deepStrictEqual([run.result?.updated, run.result?.batchItemFailures], [2, []]);
        assert.deepStrictEqual(sm().calls.counts, { DescribeSecret: 2, PutSecretValue: 2, TagResource: 2 });
    });

    it("drops and reports a message it did not write (malformed, foreign or escaping paths), syncing the rest", async () => {
        world.vault.put(MOUNT, "a", { v: "a-2" });
        const bad = [
            "not json",
            JSON.stringify({ paths: "a" }),
            JSON.stringify({ paths: [1] }),
            JSON.stringify({ paths: ["../sys"] }),
            JSON.stringify({}),
            JSON.stringify({ paths: [""] }),
        ];
        const run = await runHandler(world, ENV, { event: queueBatch([JSON.stringify({ paths: ["a"] }), ...bad]) });
        assert.ifError(run.error);
        assert.strictEqual(run.result?.updated, 1);
        assert.deepStrictEqual(run.result?.batchItemFailures, [], "a retry would not change them");
        assert.strictEqual((world.aws.published[0].message.match(/^\(queued event\): queued-malformed$/gm) ?? []).length, bad.length);
        const scoped = await runHandler(world, { ...ENV, VAULT_KV_PATH: "team" }, { event: queueBatch([JSON.stringify({ paths: ["a"] })]) });
        assert.match(world.aws.published[1].message, /\(queued event\): queued-foreign-path/);
        assert.strictEqual(scoped.result?.updated, 0);
    });

    it("hands every message back when nothing could be synced (Vault sealed), to be tried again", async () => {
        world.vault.sealed = true;
        const run = await runHandler(world, ENV, { event: queueBatch([JSON.stringify({ paths: ["a"] }), JSON.stringify({ paths: ["b"] })]) });
        assert.ifError(run.error);
        assert.deepStrictEqual(run.result?.batchItemFailures, [{ itemIdentifier: "m-0" }, { itemIdentifier: "m-1" }]);
        assert.match(world.aws.published[0].message, /\(queued event\): vault-503/);
    });

    it("reports a path that failed and finishes the batch: a retry would hold up every later event", async () => {
        world.vault.put(MOUNT, "a", { v: "a-2" });
        world.vault.faults.add({ op: "data", match: "/a", status: 500 });
        const run = await runHandler(world, ENV, { event: queueBatch([JSON.stringify({ paths: ["a"] })]) });
        assert.ifError(run.error);
        assert.deepStrictEqual(run.result?.batchItemFailures, []);
        assert.match(world.aws.published[0].message, /^a: vault-500$/m);
    });

    it("fails the subscription invocation, reported, when the queue cannot be reached", async () => {
        world.aws.sqsAvailable = false;
        const run = await runHandler(world, ENV, { event: subscriptionEvent(delivery([auditLine(`${MOUNT}/data/a`)])), context: LAMBDA_CONTEXT });
        assert.ok(run.error);
        assert.match(world.aws.published[0].message, /\(audit event\): aws-/);
        assert.deepStrictEqual(sm().calls.counts, {});
    });

    it("refuses an EVENT_QUEUE_URL that is not a FIFO queue's", async () => {
        const run = await runHandler(world, { ...ENV, EVENT_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/standard" });
        assert.match(run.error!.message, /^EVENT_QUEUE_URL .* FIFO queue/);
    });

    it("never repeats a value from the lines or Vault in a queued message", async () => {
        const value = "VALUE-queued-9f1c";
        world.vault.put(MOUNT, "a", { password: value });
        await runHandler(world, ENV, {
            event: subscriptionEvent(delivery([auditLine(`${MOUNT}/data/a`, { data: { password: value } })])),
            context: LAMBDA_CONTEXT,
        });
        assert.ok(!JSON.stringify(world.aws.queued).includes(value));
        assert.ok(!sm().value(`${PREFIX}/a`)?.includes(value), "nothing synced yet: the queue does it");
    });
});
