// The rolling-upgrade drill: a cluster started on an older Vault release is upgraded to the rehearsal's release by
// vault:upgrade's own orchestration (scripts/ops/upgrade/rolling.ts), while a client writes continuously. The
// platform step is the local equivalent of an instance or pod replacement: SIGTERM, then the same config and data
// on the new binary. Proves: zero acknowledged writes lost; prints the longest write gap.
import { DynamoDBClient, UpdateContinuousBackupsCommand } from "@aws-sdk/client-dynamodb";
import { execFileSync } from "child_process";
import { pitrMark } from "../ops/upgrade/ec2-platform";
import { saveSnapshot } from "../ops/upgrade/eks-platform";
import { rollingUpgrade, RollingResult, UpgradePlatform } from "../ops/upgrade/rolling";
import { raftSnapshot } from "../ops/raft-snapshot";
import { anyNodeView } from "./cluster-client";
import { rehearseEc2 } from "./ec2-dynamodb";
import { NodeTls } from "./ec2-nodes";
import { rehearseRaft } from "./eks-raft";
import { Emulator, EMULATOR_REGION } from "./emulator";
import { vaultRequest } from "./vault-http";
import { VaultNode } from "./vault-node";
import { ContinuousWriter, kvOps } from "./writer";

export interface UpgradeDrillCluster {
    readonly nodes: VaultNode[];
    readonly ca: string;
    readonly rootToken: string;
    readonly raft: boolean;
    /** ec2: the table whose point-in-time recovery is the backup. */
    readonly tableName?: string;
    readonly mount: string;
}

export interface UpgradeDrillResult {
    readonly from: string;
    readonly to: string;
    readonly rolling: RollingResult;
    readonly acknowledged: number;
    readonly lost: string[];
    readonly longestGapSeconds: number;
    /** Each node's version afterwards, from its own sys/health. */
    readonly versions: string[];
}

async function versionOf(node: VaultNode, ca: string): Promise<string> {
    return String((await vaultRequest(node.address, ca, "GET", "sys/health?standbyok=true").catch(() => ({ body: {} }))).body?.version ?? "?");
}

export async function upgradeDrill(
    c: UpgradeDrillCluster,
    newBin: string,
    emulator: Emulator,
    workDir: string,
    log: (line: string) => void,
): Promise<UpgradeDrillResult> {
    const from = await versionOf(c.nodes[0], c.ca);
    const to = execFileSync(newBin, ["version"], { encoding: "utf8" }).match(/v(\d+\.\d+\.\d+)/)![1];
    const aws = { region: EMULATOR_REGION, endpoint: emulator.endpoint, credentials: { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" } };
    const platform: UpgradePlatform = {
        async replace(node) {
            const local = c.nodes.find((n) => n.address === node.apiAddress);
            if (!local) throw new Error(`rehearsal: no local node at ${node.apiAddress}`);
            await local.replaceBinary(newBin);
        },
        async backup() {
            if (c.raft) return saveSnapshot(await raftSnapshot(c.nodes[0].address, c.rootToken, c.ca, 60_000), workDir);
            // The stack turns point-in-time recovery on; the rehearsal's table is made without it.
            const dynamodb = new DynamoDBClient(aws);
            await dynamodb.send(
                new UpdateContinuousBackupsCommand({ TableName: c.tableName!, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
            );
            return pitrMark(dynamodb, c.tableName!, new Date());
        },
    };
    const ops = kvOps(c.mount, "upgrade", c.ca, c.rootToken);
    const writer = new ContinuousWriter(() => c.nodes, c.ca, c.rootToken, ops.write);
    writer.start();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let rolling: RollingResult;
    let report;
    try {
        rolling = await rollingUpgrade(
            anyNodeView(() => c.nodes, c.ca, c.rootToken, c.raft),
            platform,
            {
                target: to,
                expectedNodes: c.nodes.length,
                raft: c.raft,
                nodeTimeoutMs: 120_000,
                pollMs: 250,
                log: (line) => log(`  vault:upgrade: ${line}`),
            },
        );
        await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
        report = await writer.stop();
    }
    const lost = await writer.lost(ops.read);
    const versions = await Promise.all(c.nodes.map((n) => versionOf(n, c.ca)));
    return { from, to, rolling, acknowledged: report.acknowledged, lost, longestGapSeconds: report.longestGapSeconds, versions };
}

/** A fresh cluster of `layout` on `oldBin`, upgraded to `newBin` by the drill. */
export async function rehearseUpgrade(
    layout: "ec2-dynamodb" | "eks-raft",
    s: { emulator: Emulator; oldBin: string; newBin: string; workDir: string; tls: NodeTls; log: (line: string) => void },
): Promise<UpgradeDrillResult> {
    const raft = layout === "eks-raft";
    const opts = { emulator: s.emulator, vaultBin: s.oldBin, workDir: s.workDir, tls: s.tls, log: s.log };
    const r = raft ? await rehearseRaft(opts) : await rehearseEc2(opts);
    const cluster = { nodes: r.nodes, ca: r.ca, rootToken: r.rootToken, raft, mount: raft ? "secret" : "hybrid-aws-secrets" };
    return upgradeDrill({ ...cluster, tableName: "tableName" in r ? r.tableName : undefined }, s.newBin, s.emulator, s.workDir, s.log);
}
