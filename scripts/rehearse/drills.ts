// The drills the seeds ran by hand, measured against real Vault nodes: failover when the active node dies, and a
// node restarted during a KMS outage. Each returns seconds.
import { waitUntil } from "./children";
import { Ec2Rehearsal } from "./ec2-dynamodb";
import { RaftRehearsal } from "./eks-raft";
import { VaultNode } from "./vault-node";
import { vaultRequest } from "./vault-http";

const health = async (ca: string, node: VaultNode) => (await vaultRequest(node.address, ca, "GET", "sys/health").catch(() => ({ status: 0 }))).status;

/**
 * Kills `leader`; returns the seconds until one of the other nodes serves a write, then starts it again and waits
 * until it is back as a standby (429). The same drill for DynamoDB's HA lock and for a Raft election.
 */
async function timeLossOf(leader: VaultNode, nodes: VaultNode[], ca: string, writeVia: (node: VaultNode) => Promise<number>, what: string): Promise<number> {
    await leader.stop();
    const started = Date.now();
    const others = nodes.filter((n) => n !== leader);
    await waitUntil(
        what,
        async () => {
            for (const node of others) if ([200, 204].includes(await writeVia(node).catch(() => 0))) return true;
            return false;
        },
        120_000,
    );
    const seconds = (Date.now() - started) / 1000;
    leader.start();
    await waitUntil(`node ${leader.index} back as a standby`, async () => (await health(ca, leader)) === 429, 120_000);
    return seconds;
}

/** Kills the active node; seconds until another node serves a write (the client path: any node, standbys forward). */
export async function failover(r: Ec2Rehearsal, run: number): Promise<number> {
    const active = await r.active();
    if (!active) throw new Error("rehearsal: no active node to fail over from");
    return timeLossOf(
        active,
        r.nodes,
        r.ca,
        (node) => r.kv("POST", `failover/run-${run}`, { run }, node),
        "a standby to serve a write after the active node died",
    );
}

/**
 * Cuts KMS for the last node and restarts it: it must stay sealed (never active or standby) while the others keep
 * serving writes; then KMS returns and it must unseal by itself. Returns seconds from KMS's return to unsealed.
 */
export async function kmsOutage(r: Ec2Rehearsal, sealedForMs = 5000): Promise<{ secondsToUnseal: number; writesDuringOutage: number }> {
    const node = r.nodes[r.nodes.length - 1];
    if ((await health(r.ca, node)) === 200) await failover(r, 0); // make it a standby first
    await r.kmsRelay.cut();
    await node.stop();
    node.start();
    let writes = 0;
    const until = Date.now() + sealedForMs;
    while (Date.now() < until) {
        const status = await health(r.ca, node);
        if (status === 200 || status === 429) throw new Error(`rehearsal: node ${node.index} unsealed while KMS was unreachable (health ${status})`);
        if ([200, 204].includes(await r.kv("POST", "kms-outage/probe", { at: Date.now() }))) writes++;
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (writes === 0) throw new Error("rehearsal: the other nodes stopped serving during the KMS outage");
    await r.kmsRelay.open();
    const started = Date.now();
    await waitUntil(`node ${node.index} to unseal by itself once KMS is back`, async () => [200, 429].includes(await health(r.ca, node)), 120_000);
    return { secondsToUnseal: (Date.now() - started) / 1000, writesDuringOutage: writes };
}

/**
 * Kills the Raft leader of a healthy cluster; seconds until a new leader serves a write. The old leader then rejoins
 * as a follower. "Healthy" is autopilot's word for it (every server a voter, caught up, able to lose one): losing the
 * leader while the previous victim still catches up would be two faults at once, which a quorum of three cannot take.
 */
export async function raftLeaderLoss(r: RaftRehearsal): Promise<number> {
    await waitUntil(
        "autopilot to call the cluster healthy",
        async () => {
            const leader = await r.leader();
            if (!leader) return false;
            const state = (await vaultRequest(leader.address, r.ca, "GET", "sys/storage/raft/autopilot/state", r.rootToken)).body?.data;
            return state?.healthy === true && state.failure_tolerance >= 1;
        },
        120_000,
    );
    const leader = await r.leader();
    if (!leader) throw new Error("rehearsal: no Raft leader to lose");
    return timeLossOf(leader, r.nodes, r.ca, (node) => r.write("leader-loss/probe", { at: Date.now() }, node), "a new Raft leader to serve a write");
}
