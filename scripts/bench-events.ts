// The benchmark's audit-event path: the shipped bundle fed by the rehearsal's delivery step (audit lines batched every
// flush interval the stack ships, filtered by the shipped pattern, delivered as subscription events) against the
// loopback fakes. Lag percentiles from a write to a current copy, calls per event, the calls drift detection adds,
// and a burst against the write quota with every delivery in a Lambda-like environment of its own.
import * as fs from "fs";
import * as path from "path";
import { ChildProcess } from "child_process";
import { auditFilterPattern } from "../infra/replication/audit-subscription";
import { AGENT_FORCE_FLUSH_SECONDS } from "../infra/vault-ec2/audit-shipping";
import { AuditShipper } from "./rehearse/audit-shipper";
import { percentile } from "./rehearse/event-lag";
import { LambdaEnvironments } from "./rehearse/lambda-environments";
import { AUDIT_LOG_GROUP, auditLine } from "../test/support/audit-events";
import { MOUNT } from "../test/support/fakes/world";

export interface EventBenchDeps {
    readonly bundle: string;
    readonly dir: string;
    readonly ask: (fakes: ChildProcess, message: object) => Promise<any>;
    readonly startFakes: (secrets: number, latency: number, writeQuota?: number) => Promise<{ fakes: ChildProcess; env: Record<string, string> }>;
    readonly latency: number;
    readonly writeQuota: number;
}

const AUDIT_ENV = { AUDIT_LOG_GROUP, AUDIT_FORMAT: "file" };

/** The event queue as the function sees it: the fake's FIFO queue, read by one consumer, one batch at a time. */
function queueEnv(env: Record<string, string>): Record<string, string> {
    return { ...env, ...AUDIT_ENV, EVENT_QUEUE_URL: `${env.AWS_ENDPOINT_URL}/123456789012/bench-events.fifo` };
}

/** Lambda's event source mapping: takes up to 10 queued messages and hands them to one environment; repeats. */
function consume(d: EventBenchDeps, fakes: ChildProcess, worker: LambdaEnvironments): { stop(): Promise<void>; batches: () => number } {
    let running = true;
    let batches = 0;
    const loop = (async () => {
        while (running) {
            const { messages } = await d.ask(fakes, { type: "take", count: 10 });
            if (messages.length === 0) {
                await sleep(20);
                continue;
            }
            batches++;
            await worker.invoke({
                Records: messages.map((m: { body: string }, i: number) => ({
                    messageId: `m-${batches}-${i}`,
                    receiptHandle: "r",
                    body: m.body,
                    eventSource: "aws:sqs",
                })),
            });
        }
    })();
    return {
        stop: async () => {
            running = false;
            await loop;
        },
        batches: () => batches,
    };
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const total = (counts: Record<string, number>, skip: string[] = []) => Object.entries(counts).reduce((a, [k, v]) => a + (skip.includes(k) ? 0 : v), 0);

/** Writes paths in the fake Vault and their audit lines in the file the shipper tails; resolves when acknowledged. */
async function write(d: EventBenchDeps, fakes: ChildProcess, auditFile: string, paths: string[]): Promise<void> {
    await d.ask(fakes, { type: "write", paths });
    fs.appendFileSync(auditFile, paths.map((p) => `${auditLine(`${MOUNT}/data/${p}`)}\n`).join(""));
}

/** An empty audit file whose lines the agent's stand-in ships to `lambda` as subscription events. */
function shipAuditFile(d: EventBenchDeps, name: string, lambda: LambdaEnvironments): { auditFile: string; shipper: AuditShipper } {
    const auditFile = path.join(d.dir, name);
    fs.writeFileSync(auditFile, "");
    const shipper = new AuditShipper({
        file: auditFile,
        format: "file",
        flushSeconds: AGENT_FORCE_FLUSH_SECONDS,
        pattern: auditFilterPattern("file", MOUNT, ""),
        logGroup: AUDIT_LOG_GROUP,
        owner: "123456789012",
        deliver: (event) => void lambda.invoke(event),
    }).start();
    return { auditFile, shipper };
}

async function lagAndCalls(d: EventBenchDeps, writes: number): Promise<string[]> {
    const { fakes, env } = await d.startFakes(writes, d.latency);
    const paths = Array.from({ length: writes }, (_, i) => `team-0/app-${i}`);
    const lambda = new LambdaEnvironments(d.bundle, queueEnv(env));
    const worker = new LambdaEnvironments(d.bundle, queueEnv(env));
    await Promise.all([lambda.warm(), worker.invoke({})]); // the first sync, which also warms the worker
    const consumer = consume(d, fakes, worker);
    const { auditFile, shipper } = shipAuditFile(d, "audit-lag.log", lambda);
    await d.ask(fakes, { type: "reset" });
    const invocationsBefore = lambda.stats.invocations;
    const lags: number[] = [];
    const pending = new Map<string, number>();
    const watcher = setInterval(async () => {
        for (const [p, at] of [...pending]) {
            const { current } = await d.ask(fakes, { type: "current", paths: [p] });
            if (current === 1 && pending.delete(p)) lags.push(Date.now() - at);
        }
    }, 20);
    for (const p of paths) {
        await write(d, fakes, auditFile, [p]);
        pending.set(p, Date.now());
        await sleep(200);
    }
    while (pending.size > 0) await sleep(50);
    clearInterval(watcher);
    shipper.stop();
    await consumer.stop();
    const events = lambda.stats.invocations - invocationsBefore;
    const counts = await d.ask(fakes, { type: "counts" });
    const fnMs = worker.results.slice(1).map((r) => r.ms);
    lambda.stop();
    worker.stop();
    fakes.send({ type: "stop" });
    const vault = total(counts.vault, ["login"]);
    const sm = total(counts.sm);
    return [
        `audit events: ${writes} writes at 5/s, agent flush ${AGENT_FORCE_FLUSH_SECONDS} s, one warm environment: lag from the write to a current copy p50 ${(percentile(lags, 50) / 1000).toFixed(2)} s, p95 ${(percentile(lags, 95) / 1000).toFixed(2)} s (the flush wait included; CloudWatch's own delivery is not)`,
        `              ${events} events (${(writes / events).toFixed(1)} paths each) queued, synced in ${consumer.batches()} batches (sync p50 ${percentile(fnMs, 50).toFixed(0)} ms, p95 ${percentile(fnMs, 95).toFixed(0)} ms); per event 1 SQS SendMessage + ${((vault + sm) / events).toFixed(1)} calls = per path 1 DescribeSecret, 1 metadata read, 1 data read, 1 PutSecretValue, 1 TagResource ${JSON.stringify({ ...counts.vault, ...counts.sm })}`,
    ];
}

async function driftCalls(d: EventBenchDeps, secrets: number, drifted: number): Promise<string[]> {
    const { fakes, env } = await d.startFakes(secrets, d.latency);
    const lambda = new LambdaEnvironments(d.bundle, env);
    await lambda.invoke({});
    await lambda.invoke({});
    await d.ask(fakes, { type: "reset" });
    await lambda.invoke({});
    const steady = await d.ask(fakes, { type: "counts" });
    await d.ask(fakes, { type: "drift", count: drifted });
    await d.ask(fakes, { type: "reset" });
    const run = await lambda.invoke({});
    const withDrift = await d.ask(fakes, { type: "counts" });
    lambda.stop();
    fakes.send({ type: "stop" });
    // Without a login (the environment reuses its token): list every folder, read each secret's metadata, page the listing.
    const minimum = 1 + Math.ceil(secrets / 100) + secrets + Math.ceil(secrets / 100);
    return [
        `drift detection: steady state over ${secrets} secrets ${total(steady.vault) + total(steady.sm)} calls, the minimum of ${minimum} (the drift check reads what ListSecrets already returns) ${JSON.stringify({ ...steady.vault, ...steady.sm })}`,
        `              ${drifted} copies edited outside Vault: ${JSON.stringify(run.result)}, ${total(withDrift.vault) + total(withDrift.sm)} calls ${JSON.stringify({ ...withDrift.vault, ...withDrift.sm })} (one DescribeSecret to confirm and one stage move per drifted copy, no value read)`,
    ];
}

async function burst(d: EventBenchDeps, paths: number, vaultWritesPerSecond: number): Promise<string[]> {
    const { fakes, env } = await d.startFakes(0, d.latency, d.writeQuota);
    const lambda = new LambdaEnvironments(d.bundle, { ...queueEnv(env), WRITE_RATE: String(d.writeQuota) });
    const worker = new LambdaEnvironments(d.bundle, { ...queueEnv(env), WRITE_RATE: String(d.writeQuota) });
    await Promise.all([lambda.warm(), worker.warm()]);
    const consumer = consume(d, fakes, worker);
    const { auditFile, shipper } = shipAuditFile(d, "audit-burst.log", lambda);
    const names = Array.from({ length: paths }, (_, i) => `burst/p${String(i).padStart(4, "0")}`);
    const started = Date.now();
    for (let i = 0; i < paths; i += vaultWritesPerSecond / 10) {
        await write(d, fakes, auditFile, names.slice(i, i + vaultWritesPerSecond / 10));
        await sleep(100);
    }
    let state = { current: 0, lastChanged: 0 };
    while (state.current < paths) {
        await sleep(100);
        state = await d.ask(fakes, { type: "current", paths: names });
    }
    while (lambda.stats.invocations > lambda.results.length) await sleep(100);
    shipper.stop();
    await consumer.stop();
    const counts = await d.ask(fakes, { type: "counts" });
    lambda.stop();
    worker.stop();
    fakes.send({ type: "stop" });
    const seconds = (state.lastChanged - started) / 1000;
    const floor = paths / d.writeQuota;
    return [
        `audit-event burst (fakes, quota ${d.writeQuota} writes/s per API group): ${paths} new paths written at ${vaultWritesPerSecond}/s reached Secrets Manager in ${seconds.toFixed(2)} s = ${(seconds / floor).toFixed(3)} x the floor of ${floor.toFixed(0)} s (target <= 1.15), throttling errors ${counts.sm.Throttled ?? 0} (target 0), CreateSecret calls ${counts.sm.CreateSecret ?? 0} for ${paths} paths`,
        `              ${shipper.stats.deliveries} deliveries queued by up to ${lambda.stats.peakConcurrency} invocations at once, synced in ${consumer.batches()} batches by one invocation at a time (the FIFO queue's one message group)`,
    ];
}

export async function benchEventPath(d: EventBenchDeps, o: { writes: number; burst: number }): Promise<string[]> {
    return [...(await lagAndCalls(d, o.writes)), ...(await driftCalls(d, 1000, 10)), ...(await burst(d, o.burst, 500))];
}
