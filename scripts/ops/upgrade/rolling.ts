// The rolling upgrade, as HashiCorp's HA upgrade procedure orders it: every standby first, one at a time, each
// replacement unsealed, healthy and on the new version (on Raft also a voter with autopilot healthy) before the
// next; the active node last, stopped with SIGTERM so it gives up leadership by itself; never a step-down, and
// never a failover from a newer node to an older one.
// https://developer.hashicorp.com/vault/docs/upgrading/vault-ha-upgrade
import { AutopilotView, ClusterView, HaNode } from "./cluster-view";

export interface UpgradePlatform {
    /** How the platform replaces a node (a terminated instance, a deleted pod): it stops with SIGTERM and comes back on the new version. */
    replace(node: HaNode): Promise<void>;
    /** Keeps anything else (scale-in, another refresh) from taking this node while the others go first. */
    protect?(node: HaNode, on: boolean): Promise<void>;
    /** A reason to stop before the next node (ec2: the healthy-hosts alarm in ALARM), or undefined. */
    halted?(): Promise<string | undefined>;
    /** The pre-flight backup: a Raft snapshot, or a point-in-time-recovery mark. Returns what to restore from. */
    backup(): Promise<string>;
}

export interface RollingOptions {
    readonly target: string;
    /** Nodes (ec2) or replicas (eks) the stack runs. */
    readonly expectedNodes: number;
    readonly raft: boolean;
    /** Longest wait for one replacement to be healthy on the new version. */
    readonly nodeTimeoutMs: number;
    readonly pollMs?: number;
    /** How long the pre-flight waits for every node to show before it refuses. Default: 30 s. */
    readonly settleMs?: number;
    readonly log: (line: string) => void;
}

export interface RollingResult {
    readonly backup: string;
    /** Seconds each replacement took, in the order they were made (standbys, then the active node). */
    readonly steps: { readonly node: string; readonly role: "standby" | "active"; readonly seconds: number }[];
}

export class UpgradeStopped extends Error {}

/** A standby echoes at least every few seconds; older than this, it is not really there. */
const STALE_ECHO_MS = 15_000;

/** Why the cluster is not in shape to lose a node now, or undefined when it is. */
export function unhealthyBecause(nodes: HaNode[], autopilot: AutopilotView | undefined, expected: number): string | undefined {
    const live = nodes.filter((n) => n.echoAgeMs < STALE_ECHO_MS);
    const active = live.filter((n) => n.active);
    if (active.length !== 1) return `${active.length} active nodes (want 1)`;
    if (live.length < expected) return `${live.length} of ${expected} nodes unsealed and in the cluster`;
    if (autopilot) {
        if (!autopilot.healthy) return "Raft autopilot reports the cluster unhealthy";
        if (autopilot.failureTolerance < 1) return `Raft failure tolerance is ${autopilot.failureTolerance} (want at least 1)`;
    } else if (live.length - 1 < 1) {
        return "failure tolerance would be 0 (one unsealed node)";
    }
    return undefined;
}

/**
 * The cluster once it is whole, or as it is after `timeoutMs` with the reason it is not: a standby appears in
 * sys/ha-status only once it echoes to the active node (every few seconds), so a single read can miss one.
 */
export async function settledCluster(view: ClusterView, expected: number, timeoutMs: number, pollMs = 1000) {
    const started = Date.now();
    for (;;) {
        const state = await Promise.all([view.haNodes(), view.autopilot()]).then(
            ([nodes, autopilot]) => ({ nodes, autopilot, problem: unhealthyBecause(nodes, autopilot, expected) }),
            (err: Error) => ({ nodes: [] as HaNode[], autopilot: undefined, problem: `Vault did not answer (${err.message.split("\n")[0]})` }),
        );
        if (!state.problem || Date.now() - started > timeoutMs) return state;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
}

export async function rollingUpgrade(view: ClusterView, platform: UpgradePlatform, o: RollingOptions): Promise<RollingResult> {
    const poll = o.pollMs ?? 2000;
    const read = async () => ({ nodes: await view.haNodes(), autopilot: await view.autopilot() });
    const first = await settledCluster(view, o.expectedNodes, o.settleMs ?? 30_000, poll);
    const problem = first.problem;
    if (problem) throw new UpgradeStopped(`pre-flight: the cluster is not healthy (${problem}); fix that first, nothing was changed`);
    const backup = await platform.backup();
    o.log(`pre-flight: ${o.expectedNodes} nodes healthy${first.autopilot ? `, failure tolerance ${first.autopilot.failureTolerance}` : ""}; ${backup}`);

    const steps: RollingResult["steps"][number][] = [];
    const active = first.nodes.find((n) => n.active)!;
    await platform.protect?.(active, true);
    const standbys = first.nodes.filter((n) => !n.active && n.version !== o.target).sort((a, b) => a.hostname.localeCompare(b.hostname));
    for (const node of [...standbys, active]) {
        if (node === active && node.version === o.target) continue;
        const role = node === active ? "active" : "standby";
        const reason = await platform.halted?.();
        if (reason)
            throw new UpgradeStopped(
                `stopped before ${node.hostname}: ${reason}; ${steps.length} node(s) replaced, resume with the same command once it clears`,
            );
        const upgradedBefore = (await view.haNodes()).filter((n) => n.version === o.target).length;
        o.log(
            `replacing ${role} ${node.hostname} at ${node.apiAddress} (${node.version} -> ${o.target})${role === "active" ? " with SIGTERM, no step-down" : ""}`,
        );
        if (role === "active") await platform.protect?.(node, false);
        const started = Date.now();
        await platform.replace(node);
        await waitFor(
            `${node.hostname}'s replacement to be unsealed, healthy and on ${o.target}`,
            async () => {
                const now = await read();
                const upgraded = now.nodes.filter((n) => n.version === o.target && n.echoAgeMs < STALE_ECHO_MS);
                const stillOld = now.nodes.some((n) => n.hostname === node.hostname && n.apiAddress === node.apiAddress && n.version !== o.target);
                if (stillOld || upgraded.length < Math.min(o.expectedNodes, upgradedBefore + 1)) return false;
                if (unhealthyBecause(now.nodes, now.autopilot, o.expectedNodes)) return false;
                // Raft: the upgraded servers are voters on the new version, and autopilot is healthy.
                if (now.autopilot)
                    return now.autopilot.servers.filter((s) => s.voter && s.healthy && (!s.version || s.version === o.target)).length >= upgraded.length;
                return true;
            },
            o.nodeTimeoutMs,
            poll,
        );
        const seconds = (Date.now() - started) / 1000;
        steps.push({ node: node.hostname, role, seconds });
        o.log(`  ${node.hostname}: replaced and healthy on ${o.target} after ${seconds.toFixed(1)} s`);
    }
    const last = await read();
    const leader = last.nodes.find((n) => n.active);
    o.log(`done: ${last.nodes.length} nodes on ${o.target}, active ${leader?.hostname ?? "?"}`);
    return { backup, steps };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, pollMs: number): Promise<void> {
    const started = Date.now();
    for (;;) {
        if (await check().catch(() => false)) return;
        if (Date.now() - started > timeoutMs)
            throw new UpgradeStopped(`gave up after ${Math.round(timeoutMs / 1000)} s waiting for ${what}; the upgrade stopped here`);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
}
