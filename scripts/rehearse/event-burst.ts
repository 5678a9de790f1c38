// A burst through the audit-event path with a real Vault: many new paths written as fast as Vault takes them, their
// audit lines shipped and delivered as subscription events, each delivery invoked as Lambda does (an idle
// environment, or a new one when all are busy), and Secrets Manager's write quota enforced by a relay in front of
// the emulator (moto has no quotas). The floor is the busiest quota group's writes at the quota.
import { ListSecretsCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { AuditShipper } from "./audit-shipper";
import { Ec2Rehearsal } from "./ec2-dynamodb";
import { EMULATOR_REGION } from "./emulator";
import { REHEARSAL_MOUNT, REHEARSAL_OWNER } from "./event-lag";
import { LambdaEnvironments } from "./lambda-environments";
import { createEventQueue, QueueConsumer } from "./queue-consumer";
import { QuotaRelay } from "./quota-relay";

export interface BurstRun {
    readonly paths: number;
    readonly quota: number;
    readonly auditFile: string;
    readonly flushSeconds: number;
    readonly pattern: string;
    readonly logGroup: string;
    /** Vault writes in flight at once. */
    readonly writers: number;
}

export interface BurstFigures {
    readonly seconds: number;
    readonly floorSeconds: number;
    readonly writeSeconds: number;
    readonly throttled: number;
    readonly deliveries: number;
    readonly invocations: number;
    readonly peakConcurrency: number;
    /** Batches the queue handed to the function, one at a time. */
    readonly batches: number;
    readonly failedInvocations: number;
    /** Paths written to Secrets Manager more than once (each path has one Vault version here). */
    readonly syncedTwice: number;
    readonly current: number;
}

export async function measureBurst(r: Ec2Rehearsal, emulatorEndpoint: string, run: BurstRun): Promise<BurstFigures> {
    const relay = await new QuotaRelay(emulatorEndpoint, run.quota).start();
    const queueUrl = await createEventQueue(emulatorEndpoint, "rehearsal-events-burst");
    const env = await r.functionEnv({
        AWS_ENDPOINT_URL: relay.endpoint,
        AUDIT_LOG_GROUP: run.logGroup,
        AUDIT_FORMAT: "file",
        EVENT_QUEUE_URL: queueUrl,
        WRITE_RATE: String(run.quota),
    });
    const lambda = new LambdaEnvironments(r.bundle, env);
    const worker = new LambdaEnvironments(r.bundle, env);
    await Promise.all([lambda.warm(), worker.warm()]);
    const consumer = new QueueConsumer(emulatorEndpoint, queueUrl, worker).start();
    const shipper = new AuditShipper({
        file: run.auditFile,
        format: "file",
        flushSeconds: run.flushSeconds,
        pattern: run.pattern,
        logGroup: run.logGroup,
        owner: REHEARSAL_OWNER,
        deliver: (event) => void lambda.invoke(event),
    }).start();
    const names = Array.from({ length: run.paths }, (_, i) => `burst/p${String(i).padStart(4, "0")}`);
    const started = Date.now();
    let next = 0;
    await Promise.all(
        Array.from({ length: run.writers }, async () => {
            while (next < names.length) {
                const p = names[next++];
                const status = await r.kv("POST", p, { v: p.length });
                if (status !== 200) throw new Error(`rehearsal: Vault answered ${status} writing ${p}`);
            }
        }),
    );
    const writeSeconds = (Date.now() - started) / 1000;
    const created = () => new Set(relay.writes.filter((w) => w.operation === "CreateSecret" && w.status === 200).map((w) => w.secret));
    const deadline = Date.now() + 10 * 60_000;
    while (created().size < run.paths && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const done = relay.writes.filter((w) => w.operation === "CreateSecret" && w.status === 200);
    const seconds = (Math.max(...done.map((w) => w.at)) - started) / 1000;
    while (lambda.stats.invocations > lambda.results.length) await new Promise((resolve) => setTimeout(resolve, 100));
    shipper.stop();
    await consumer.stop();
    lambda.stop();
    worker.stop();

    const perPath = new Map<string, number>();
    for (const w of relay.writes) if (w.status === 200) perPath.set(w.secret, (perPath.get(w.secret) ?? 0) + 1);
    const sm = new SecretsManagerClient({
        region: EMULATOR_REGION,
        endpoint: emulatorEndpoint,
        credentials: { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" },
    });
    let current = 0;
    let token: string | undefined;
    do {
        const page = await sm.send(
            new ListSecretsCommand({ Filters: [{ Key: "name", Values: [`${REHEARSAL_MOUNT}/burst/`] }], MaxResults: 100, NextToken: token }),
        );
        current += (page.SecretList ?? []).filter((s) => s.Tags?.some((t) => t.Key === "vault-version" && t.Value === "1")).length;
        token = page.NextToken;
    } while (token);
    return {
        seconds,
        floorSeconds: run.paths / run.quota,
        writeSeconds,
        throttled: relay.throttled,
        deliveries: shipper.stats.deliveries,
        invocations: lambda.stats.invocations,
        peakConcurrency: lambda.stats.peakConcurrency,
        batches: consumer.stats.batches,
        failedInvocations: lambda.stats.failed + worker.stats.failed,
        syncedTwice: [...perPath.values()].filter((n) => n > 1).length,
        current,
    };
}
