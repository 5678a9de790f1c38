// What one probe run observes: each node's own sys/health (token-free), leader and autopilot state with the
// probe's narrow token, the newest backup's age, and the days left on every certificate it was shown or given.
import { BackupClient, ListRecoveryPointsByBackupVaultCommand } from "@aws-sdk/client-backup";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { X509Certificate } from "crypto";
import { signedCallerIdentityRequest } from "../replication/aws-iam-login";
import { NodeTarget } from "./discovery";
import { call } from "./https";
import { BackupSource, ProbeSettings } from "./settings";

export interface NodeHealth {
    readonly name: string;
    /** sys/health's status: 200 active, 429 standby, 473 performance standby, 501 uninitialised, 503 sealed; 0 no answer. */
    readonly status: number;
    readonly sealed: boolean;
    readonly version?: string;
    readonly certificateExpires?: Date;
}

const UNSEALED = new Set([200, 429, 473]);

export function isUnsealed(h: NodeHealth): boolean {
    return UNSEALED.has(h.status);
}

/** Asks one node directly; never throws (a node that does not answer is a finding, not an error). */
export async function nodeHealth(node: NodeTarget, s: ProbeSettings): Promise<NodeHealth> {
    if (!node.url) return { name: node.name, status: 0, sealed: true };
    // Every status answers with a body: standbyok etc. would only change the code, not what we read.
    const verified = Boolean(node.servername && s.caPem);
    const reply = await call(`${node.url}/v1/sys/health?sealedcode=503&uninitcode=501`, {
        timeoutMs: s.timeoutMs,
        ...(verified ? { ca: s.caPem, servername: node.servername } : { insecure: true }),
    }).catch(() => undefined);
    if (!reply) return { name: node.name, status: 0, sealed: true };
    return {
        name: node.name,
        status: reply.status,
        sealed: reply.body?.sealed !== false,
        version: reply.body?.version,
        certificateExpires: reply.certificateExpires,
    };
}

export interface ClusterState {
    readonly failureTolerance?: number;
    readonly leader?: string;
    /** The certificate the token-bearing address presented (the load balancer on ec2). */
    readonly certificateExpires?: Date;
}

/** Logs in with AWS IAM auth and reads autopilot (Raft) and leader state; undefined fields when it cannot. */
export async function clusterState(s: ProbeSettings, answering: NodeTarget[]): Promise<ClusterState> {
    const target = s.vaultAddr ? { url: s.vaultAddr, servername: undefined } : answering[0];
    if (!target) return {};
    const opts = { ca: s.caPem, servername: target.servername, timeoutMs: s.timeoutMs };
    const login = await call(`${target.url}/v1/auth/${s.auth.mount}/login`, {
        ...opts,
        method: "POST",
        body: { role: s.auth.role, ...(await signedCallerIdentityRequest(s.region, s.auth.serverId)) },
    });
    const token = login.body?.auth?.client_token;
    if (!token) throw new Error(`vault-login-${login.status}`);
    try {
        const ha = await call(`${target.url}/v1/sys/ha-status`, { ...opts, token });
        const leader = (ha.body?.data?.nodes ?? ha.body?.nodes ?? []).find((n: any) => n.active_node)?.hostname;
        let failureTolerance: number | undefined;
        if (s.raft) {
            const ap = await call(`${target.url}/v1/sys/storage/raft/autopilot/state`, { ...opts, token });
            if (ap.status === 200 && typeof ap.body?.data?.failure_tolerance === "number") failureTolerance = ap.body.data.failure_tolerance;
        }
        return { failureTolerance, leader, certificateExpires: s.vaultAddr ? login.certificateExpires : undefined };
    } finally {
        await call(`${target.url}/v1/auth/token/revoke-self`, { ...opts, method: "POST", token }).catch(() => undefined);
    }
}

/** When the newest completed backup (ec2: AWS Backup recovery point) or Raft snapshot (eks: S3 object) was made. */
export async function newestBackup(b: BackupSource, region: string): Promise<Date | undefined> {
    let newest: Date | undefined;
    const later = (d?: Date) => d && (!newest || d > newest) && (newest = d);
    if (b.kind === "aws-backup") {
        const client = new BackupClient({ region });
        let token: string | undefined;
        do {
            const page = await client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: b.vaultName, NextToken: token }));
            for (const p of page.RecoveryPoints ?? []) if (p.Status === "COMPLETED") later(p.CompletionDate ?? p.CreationDate);
            token = page.NextToken;
        } while (token);
    } else {
        const client = new S3Client({ region });
        let token: string | undefined;
        do {
            const page = await client.send(new ListObjectsV2Command({ Bucket: b.bucket, Prefix: b.prefix, ContinuationToken: token }));
            for (const o of page.Contents ?? []) if ((o.Size ?? 0) > 0) later(o.LastModified);
            token = page.NextContinuationToken;
        } while (token);
    }
    return newest;
}

/** notAfter of a PEM certificate (the stack's CA). */
export function pemExpiry(pem: string): Date {
    return new Date(new X509Certificate(pem).validTo);
}
