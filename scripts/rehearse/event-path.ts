// The audit-event drill: the rehearsal's Vault writes its audit trail as each layout does (a file device on EC2, the
// stdout device on EKS), and the shipped function replicates each write from the audit lines, measured: lag p50 and
// p95 over steady writes in each layout's log format, then a burst of new paths against the write quota.
import * as path from "path";
import { auditFilterPattern } from "../../infra/replication/audit-subscription";
import { AGENT_FORCE_FLUSH_SECONDS } from "../../infra/vault-ec2/audit-shipping";
import { FLUENT_BIT_FLUSH_SECONDS } from "../../infra/vault-eks/fluent-bit";
import { Ec2Rehearsal } from "./ec2-dynamodb";
import { measureBurst } from "./event-burst";
import { LagFigures, measureLag, REHEARSAL_MOUNT } from "./event-lag";
import { vaultRequest } from "./vault-http";

export interface EventDrillOptions {
    readonly emulatorEndpoint: string;
    readonly workDir: string;
    readonly log: (line: string) => void;
    /** Writes per format for the lag figures (at least 100 for the README's). */
    readonly writes?: number;
    /** New paths in the burst. */
    readonly burst?: number;
}

/** Vault's audit devices for the drill: a file in the work folder (the EC2 device) and stdout (the EKS device). */
async function enableAuditDevices(r: Ec2Rehearsal, workDir: string): Promise<string> {
    const file = path.join(workDir, "audit-events.log");
    const enable = async (device: string, filePath: string) => {
        const node = (await r.active()) ?? r.nodes[0];
        const reply = await vaultRequest(node.address, r.ca, "POST", `sys/audit/${device}`, r.rootToken, { type: "file", options: { file_path: filePath } });
        if (reply.status !== 204) throw new Error(`rehearsal: enabling the ${device} audit device answered ${reply.status}`);
    };
    await enable("rehearsal-file", file);
    await enable("rehearsal-stdout", "stdout");
    return file;
}

export async function eventPathDrill(r: Ec2Rehearsal, o: EventDrillOptions): Promise<void> {
    const auditFile = await enableAuditDevices(r, o.workDir);
    const writes = o.writes ?? 100;
    const describe = (name: string, f: LagFigures) =>
        `${name}: ${f.lagsMs.length} writes at 5/s, lag from Vault's acknowledgement to a current copy p50 ${(f.p50 / 1000).toFixed(2)} s, p95 ${(f.p95 / 1000).toFixed(2)} s, max ${(f.max / 1000).toFixed(2)} s (goal p95 <= 3 s); ${f.deliveries} deliveries queued by ${f.invocations} invocations (${f.coldStarts} cold; p50 ${f.queueingMs[0].toFixed(0)} ms, p95 ${f.queueingMs[1].toFixed(0)} ms), synced in ${f.batches} queue batches (queue wait p95 ${f.queueWaitP95.toFixed(0)} ms, sync p50 ${f.functionMsP50.toFixed(0)} ms, p95 ${f.syncMsP95.toFixed(0)} ms); per delivery ${f.sqsCallsPerEvent.toFixed(1)} SQS + ${f.awsCallsPerEvent.toFixed(1)} Secrets Manager + ${f.vaultCallsPerEvent.toFixed(1)} Vault calls${f.failedInvocations ? `, ${f.failedInvocations} FAILED` : ""}`;

    const file = await measureLag(
        r,
        o.emulatorEndpoint,
        {
            format: "file",
            file: auditFile,
            flushSeconds: AGENT_FORCE_FLUSH_SECONDS,
            pattern: auditFilterPattern("file", REHEARSAL_MOUNT, ""),
            logGroup: "strongroom-rehearsal-vault-audit",
            writes,
            perSecond: 5,
            auditFile,
        },
        o.log,
    );
    o.log(describe(`audit events, ec2-dynamodb format (file lines, agent flush ${AGENT_FORCE_FLUSH_SECONDS} s)`, file));

    const active = (await r.active()) ?? r.nodes[0];
    const container = await measureLag(
        r,
        o.emulatorEndpoint,
        {
            format: "container",
            file: active.logFile,
            flushSeconds: FLUENT_BIT_FLUSH_SECONDS,
            pattern: auditFilterPattern("container", REHEARSAL_MOUNT, "", "vault"),
            logGroup: "/aws/containerinsights/strongroom-rehearsal/application",
            namespace: "vault",
            writes,
            perSecond: 5,
            auditFile,
        },
        o.log,
    );
    o.log(describe(`audit events, eks-raft format (Fluent Bit records of Vault's stdout, flush ${FLUENT_BIT_FLUSH_SECONDS} s)`, container));

    const b = await measureBurst(r, o.emulatorEndpoint, {
        paths: o.burst ?? 1000,
        quota: 50,
        auditFile,
        flushSeconds: AGENT_FORCE_FLUSH_SECONDS,
        pattern: auditFilterPattern("file", REHEARSAL_MOUNT, ""),
        logGroup: "strongroom-rehearsal-vault-audit",
        writers: 16,
    });
    o.log(
        `audit events, burst: ${b.current} new paths written to Vault in ${b.writeSeconds.toFixed(1)} s reached Secrets Manager ${b.seconds.toFixed(1)} s after the first write = ${(b.seconds / b.floorSeconds).toFixed(2)} x the floor of ${b.floorSeconds.toFixed(0)} s at 50 writes/s (goal <= 1.15); throttling errors ${b.throttled}; paths synced twice ${b.syncedTwice}; ${b.deliveries} deliveries queued by up to ${b.peakConcurrency} invocations at once, synced in ${b.batches} batches one at a time${b.failedInvocations ? `, ${b.failedInvocations} FAILED` : ""}`,
    );
}
