// Lag of the audit-event path with a real Vault: writes land in Vault at a steady pace, Vault's audit device writes
// them down, the shipper batches the lines as the stack's agent (or Fluent Bit) does and hands them to the shipped
// bundle as subscription events, and the copies are watched in the emulator's Secrets Manager. The lag of a write is
// from its acknowledgement by Vault to the moment its copy carries the new version.
import { DescribeSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as fs from "fs";
import { AuditShipper } from "./audit-shipper";
import { Ec2Rehearsal } from "./ec2-dynamodb";
import { EMULATOR_REGION } from "./emulator";
import { LambdaEnvironments } from "./lambda-environments";
import { createEventQueue, QueueConsumer } from "./queue-consumer";
import { QuotaRelay } from "./quota-relay";

export const REHEARSAL_MOUNT = "hybrid-aws-secrets";
export const REHEARSAL_OWNER = "123456789012";

export interface LagRun {
    readonly format: "file" | "container";
    /** The file the shipper tails: the audit file, or the active node's stdout. */
    readonly file: string;
    readonly flushSeconds: number;
    readonly pattern: string;
    readonly logGroup: string;
    readonly namespace?: string;
    readonly writes: number;
    readonly perSecond: number;
    /** The audit file to count the function's Vault calls in. */
    readonly auditFile: string;
}

export interface LagFigures {
    readonly lagsMs: number[];
    readonly p50: number;
    readonly p95: number;
    readonly max: number;
    readonly deliveries: number;
    readonly invocations: number;
    readonly coldStarts: number;
    readonly failedInvocations: number;
    readonly functionMsP50: number;
    readonly batches: number;
    /** From a path being queued to its batch reaching the function: p95 (ms). */
    readonly queueWaitP95: number;
    /** The subscription invocations, which only check an event and queue its paths: p50 and p95 (ms). */
    readonly queueingMs: [number, number];
    readonly syncMsP95: number;
    /** Per delivery: Secrets Manager calls, SQS messages sent, Vault calls (counted by Vault's audit log). */
    readonly awsCallsPerEvent: number;
    readonly sqsCallsPerEvent: number;
    readonly vaultCallsPerEvent: number;
}

export function percentile(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Vault requests made by anyone but the rehearsal's root token: the function's, counted by Vault itself. */
export function functionVaultCalls(auditFile: string, since: number): number {
    return fs
        .readFileSync(auditFile, "utf8")
        .split("\n")
        .slice(since)
        .filter((l) => l.includes('"type":"request"'))
        .map((l) => JSON.parse(l))
        .filter((e) => e.auth?.display_name !== "root").length;
}

export async function measureLag(r: Ec2Rehearsal, emulatorEndpoint: string, run: LagRun, log: (line: string) => void): Promise<LagFigures> {
    const prefix = `lag-${run.format}`;
    const paths = Array.from({ length: run.writes }, (_, i) => `${prefix}/p${String(i).padStart(3, "0")}`);
    for (const p of paths) await r.kv("POST", p, { v: 1 });
    const synced = await r.replicate({ VAULT_KV_PATH: prefix });
    if (synced.created !== run.writes) throw new Error(`rehearsal: the first sync of ${prefix} made ${JSON.stringify(synced)}`);

    // The function reaches AWS through a relay that counts its calls (no quota at this pace); subscription invocations
    // queue paths in the emulator's FIFO queue, which hands them to one invocation at a time.
    const relay = await new QuotaRelay(emulatorEndpoint, Infinity).start();
    const queueUrl = await createEventQueue(emulatorEndpoint, `rehearsal-events-${run.format}`);
    const env = await r.functionEnv({
        AWS_ENDPOINT_URL: relay.endpoint,
        AUDIT_LOG_GROUP: run.logGroup,
        AUDIT_FORMAT: run.format,
        EVENT_QUEUE_URL: queueUrl,
        ...(run.namespace ? { AUDIT_NAMESPACE: run.namespace } : {}),
    });
    const lambda = new LambdaEnvironments(r.bundle, env);
    const worker = new LambdaEnvironments(r.bundle, env);
    await Promise.all([lambda.warm(), worker.warm()]);
    const consumer = new QueueConsumer(emulatorEndpoint, queueUrl, worker).start();
    const auditLinesBefore = fs.readFileSync(run.auditFile, "utf8").split("\n").length - 1;
    const shipper = new AuditShipper({
        file: run.file,
        format: run.format,
        flushSeconds: run.flushSeconds,
        pattern: run.pattern,
        logGroup: run.logGroup,
        owner: REHEARSAL_OWNER,
        namespace: run.namespace,
        deliver: (event) => void lambda.invoke(event),
    }).start();

    const sm = new SecretsManagerClient({
        region: EMULATOR_REGION,
        endpoint: emulatorEndpoint,
        credentials: { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" },
    });
    const pending = new Map<string, number>();
    const lags: number[] = [];
    const watcher = setInterval(() => {
        for (const [p, acked] of pending)
            void sm.send(new DescribeSecretCommand({ SecretId: `${REHEARSAL_MOUNT}/${p}` })).then((s) => {
                if (pending.has(p) && s.Tags?.some((t) => t.Key === "vault-version" && t.Value === "2")) {
                    pending.delete(p);
                    lags.push(Date.now() - acked);
                }
            });
    }, 50);
    try {
        for (const p of paths) {
            const status = await r.kv("POST", p, { v: 2 });
            if (status !== 200) throw new Error(`rehearsal: Vault answered ${status} writing ${p}`);
            pending.set(p, Date.now());
            await new Promise((resolve) => setTimeout(resolve, 1000 / run.perSecond));
        }
        const deadline = Date.now() + 30_000;
        while (pending.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        if (pending.size > 0) throw new Error(`rehearsal: ${pending.size} copies never became current, e.g. ${[...pending.keys()][0]}`);
        await new Promise((resolve) => setTimeout(resolve, 1500)); // the last invocations finish
    } finally {
        clearInterval(watcher);
        shipper.stop();
        await consumer.stop();
        lambda.stop();
        worker.stop();
    }
    const invocations = Math.max(1, lambda.stats.invocations);
    const sqsCalls = [...relay.calls].filter(([op]) => op.startsWith("AmazonSQS.")).reduce((a, [, n]) => a + n, 0);
    const awsCalls = [...relay.calls].filter(([op]) => !op.startsWith("AmazonSQS.")).reduce((a, [, n]) => a + n, 0);
    const figures: LagFigures = {
        lagsMs: lags,
        p50: percentile(lags, 50),
        p95: percentile(lags, 95),
        max: Math.max(...lags),
        deliveries: shipper.stats.deliveries,
        invocations: lambda.stats.invocations,
        coldStarts: lambda.stats.coldStarts,
        failedInvocations: lambda.stats.failed + worker.stats.failed,
        functionMsP50: percentile(
            worker.results.map((x) => x.ms),
            50,
        ),
        batches: consumer.stats.batches,
        queueWaitP95: percentile(consumer.waitsMs, 95),
        queueingMs: [
            percentile(
                lambda.results.map((x) => x.ms),
                50,
            ),
            percentile(
                lambda.results.map((x) => x.ms),
                95,
            ),
        ],
        syncMsP95: percentile(
            worker.results.map((x) => x.ms),
            95,
        ),
        awsCallsPerEvent: awsCalls / invocations,
        sqsCallsPerEvent: sqsCalls / invocations,
        vaultCallsPerEvent: functionVaultCalls(run.auditFile, auditLinesBefore) / invocations,
    };
    if (figures.failedInvocations > 0) log(`  failed invocations: ${[...lambda.results, ...worker.results].filter((x) => !x.ok).map((x) => x.message)[0]}`);
    return figures;
}
