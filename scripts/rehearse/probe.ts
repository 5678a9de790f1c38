// The probe drill: the shipped probe bundle, with the environment the prod stack gives the Lambda (only addresses,
// endpoints and credentials swapped for the rehearsal's), run against real Vault servers on Raft and the emulator's
// STS and S3. A sealed node, a lost leader and a stale snapshot must each show in the next run's metrics, and each
// must breach the alarm the stack defines on that metric (its threshold and comparison, read from the plan).
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import * as fs from "fs";
import * as path from "path";
import { METRICS, metricsInRecord, Published } from "../../functions/probe/metrics";
import { bundleProbe } from "../../infra/probe/bundle";
import { strongroom } from "../../stacks/program";
import { raftSnapshot } from "../ops/raft-snapshot";
import { RecordedResource, runOffline } from "../offline/recorder";
import { readStackConfig } from "../offline/stacks";
import { waitUntil } from "./children";
import { Emulator, EMULATOR_CREDENTIALS, EMULATOR_REGION } from "./emulator";
import { runScript } from "./operator";
import { vaultRequest } from "./vault-http";
import { VaultNode } from "./vault-node";

export interface ProbeCluster {
    readonly nodes: VaultNode[];
    readonly ca: string;
    readonly rootToken: string;
    readonly workDir: string;
}

export interface PlannedAlarm {
    readonly name: string;
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Record<string, string>;
    /** True when `value` of the metric breaches the alarm as planned. */
    breaches(value: number): boolean;
}

/** The probe's alarms as the stack plans them, with their metric and condition. */
export function plannedProbeAlarms(resources: RecordedResource[]): PlannedAlarm[] {
    return resources
        .filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name.includes("-probe-alarm-"))
        .map((r) => {
            const i = r.inputs;
            const query = i.metricQueries?.find((q: any) => q.metric);
            const expression: string | undefined = i.metricQueries?.find((q: any) => q.expression)?.expression;
            const metric = query ? { namespace: query.metric.namespace, metricName: query.metric.metricName, dimensions: query.metric.dimensions } : i;
            const compare = (v: number) =>
                ({
                    GreaterThanOrEqualToThreshold: v >= i.threshold,
                    GreaterThanThreshold: v > i.threshold,
                    LessThanThreshold: v < i.threshold,
                    LessThanOrEqualToThreshold: v <= i.threshold,
                })[i.comparisonOperator as string] ?? false;
            // The one expression the probe's alarms use: ABS(<id> - 1).
            const through = expression ? (v: number) => Math.abs(v - Number(/- (\d+)\)/.exec(expression)![1])) : (v: number) => v;
            return {
                name: r.name,
                namespace: metric.namespace,
                metricName: metric.metricName,
                dimensions: metric.dimensions,
                breaches: (v: number) => compare(through(v)),
            };
        });
}

export interface ProbeRun {
    readonly metrics: Published[];
    readonly errors: string[];
    readonly seconds: number;
}

export interface ProbeDrill {
    readonly alarms: PlannedAlarm[];
    run(now?: Date): Promise<ProbeRun>;
}

/** Sets up the probe's identity (IAM role in the emulator, vault:configure), a snapshot in S3, and the bundle. */
export async function prepareProbe(c: ProbeCluster, emulator: Emulator, outputsFile: string): Promise<ProbeDrill> {
    const aws = { region: EMULATOR_REGION, endpoint: emulator.endpoint, credentials: { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" } };
    const role = await new IAMClient(aws).send(
        new CreateRoleCommand({
            RoleName: "strongroom-rehearsal-probe",
            AssumeRolePolicyDocument: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        }),
    );
    const outputs = { ...JSON.parse(fs.readFileSync(outputsFile, "utf8")), probeRoleArn: role.Role!.Arn, vaultNodes: c.nodes.length };
    const probeOutputs = path.join(c.workDir, "outputs-probe.json");
    fs.writeFileSync(probeOutputs, JSON.stringify(outputs));
    await runScript("vault-configure.ts", ["--stack", "rehearsal-probe", "--outputs", probeOutputs, "--aws-endpoint", emulator.endpoint], {
        VAULT_TOKEN: c.rootToken,
    });

    const bucket = "strongroom-rehearsal-snapshots";
    const s3 = new S3Client({ ...aws, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: EMULATOR_REGION } }));
    const snapshot = await raftSnapshot(c.nodes[0].address, c.rootToken, c.ca, 60_000);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `raft/${new Date().toISOString()}.snap`, Body: snapshot }));

    const plan = await runOffline(strongroom, "prod", readStackConfig("prod"));
    const fn = plan.resources.find((r) => r.type === "aws:lambda/function:Function" && r.name.endsWith("-probe-fn"))!;
    const bundleFile = path.join(c.workDir, "probe.js");
    fs.writeFileSync(bundleFile, bundleProbe());
    const sts = new STSClient(aws);
    return {
        alarms: plannedProbeAlarms(plan.resources),
        async run(now) {
            const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: "probe" }));
            const env: Record<string, string> = {
                ...fn.inputs.environment.variables,
                // Swapped for the rehearsal: where the nodes are (no Kubernetes API here), their CA, the emulator.
                DISCOVERY: "static",
                // The rehearsal runs three servers, whatever the stack's replicas.
                EXPECTED_NODES: String(c.nodes.length),
                VAULT_NODES: c.nodes.map((n) => n.address).join(","),
                NODE_SERVER_NAME_SUFFIX: "",
                VAULT_CA_CERT: c.ca,
                VAULT_AWS_IAM_SERVER_ID: "127.0.0.1",
                SNAPSHOT_BUCKET: bucket,
                ...EMULATOR_CREDENTIALS,
                AWS_ACCESS_KEY_ID: assumed.Credentials!.AccessKeyId!,
                AWS_SECRET_ACCESS_KEY: assumed.Credentials!.SecretAccessKey!,
                AWS_SESSION_TOKEN: assumed.Credentials!.SessionToken!,
                AWS_ENDPOINT_URL: emulator.endpoint,
                AWS_S3_FORCE_PATH_STYLE: "true",
            };
            const saved = { ...process.env };
            Object.assign(process.env, env);
            const lines: string[] = [];
            const started = Date.now();
            try {
                const { createProbe } = require(bundleFile);
                const result = await createProbe({ env, emit: (l: string) => lines.push(l), log: () => undefined, now: now ? () => now : undefined })();
                return { metrics: lines.flatMap(metricsInRecord), errors: result.errors, seconds: (Date.now() - started) / 1000 };
            } finally {
                for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
                Object.assign(process.env, saved);
            }
        },
    };
}

export const value = (run: ProbeRun, name: string) => run.metrics.find((m) => m.name === name)?.value;

/** The alarm on `metric` breaches with what `run` published. */
export function breached(drill: ProbeDrill, run: ProbeRun, metric: string): boolean {
    const alarm = drill.alarms.find((a) => a.metricName === metric)!;
    const v = value(run, metric);
    return v !== undefined && alarm.breaches(v);
}

export interface ProbeScenarios {
    readonly baseline: ProbeRun;
    readonly sealed: ProbeRun;
    readonly leaderLost: ProbeRun;
    readonly staleSnapshot: ProbeRun;
    /** Seconds from each fault to the end of the probe run that showed it. */
    readonly detection: { sealed: number; leaderLost: number; staleSnapshot: number };
}

async function healthy(c: ProbeCluster): Promise<boolean> {
    const codes = await Promise.all(c.nodes.map(async (n) => (await vaultRequest(n.address, c.ca, "GET", "sys/health").catch(() => ({ status: 0 }))).status));
    return codes.filter((s) => s === 200).length === 1 && codes.filter((s) => s === 429).length === c.nodes.length - 1;
}

export async function probeScenarios(c: ProbeCluster, drill: ProbeDrill, backupIntervalSeconds: number): Promise<ProbeScenarios> {
    const baseline = await drill.run();
    const leaderIndex = async () => {
        for (const [i, n] of c.nodes.entries())
            if ((await vaultRequest(n.address, c.ca, "GET", "sys/health").catch(() => ({ status: 0 }))).status === 200) return i;
        return -1;
    };
    // A sealed node: `vault operator seal` on a standby seals that node only.
    const standby = c.nodes[((await leaderIndex()) + 1) % c.nodes.length];
    let at = Date.now();
    const seal = await vaultRequest(standby.address, c.ca, "POST", "sys/seal", c.rootToken);
    if (seal.status !== 204) await standby.stop();
    const sealed = await drill.run();
    const sealedSeconds = (Date.now() - at) / 1000;
    await standby.stop();
    standby.start();
    await waitUntil("the sealed node to unseal itself through KMS", () => healthy(c), 120_000);

    const leader = c.nodes[await leaderIndex()];
    at = Date.now();
    await leader.stop();
    const leaderLost = await drill.run();
    const leaderLostSeconds = (Date.now() - at) / 1000;
    leader.start();
    await waitUntil("the old leader to rejoin", () => healthy(c), 120_000);

    // A stale snapshot: the probe's clock moved past twice the schedule since the newest upload.
    at = Date.now();
    const staleSnapshot = await drill.run(new Date(Date.now() + (2 * backupIntervalSeconds + 60) * 1000));
    const staleSeconds = (Date.now() - at) / 1000;
    return { baseline, sealed, leaderLost, staleSnapshot, detection: { sealed: sealedSeconds, leaderLost: leaderLostSeconds, staleSnapshot: staleSeconds } };
}

export { METRICS };
