// Raft membership drills on real Vault servers: (1) a server stopped and started again on its own data, as a pod
// recreated on its volume: the time until autopilot counts it a healthy voter again is the measured entry of the
// dead-server budget (scripts/ops/autopilot.ts); (2) a server lost for good and replaced by one with a new node
// id: the replacement joins and is promoted, autopilot removes the dead voter after its threshold, and failure
// tolerance returns. The second uses Vault's smallest threshold (1m), so the drill takes minutes, not 25.
import * as fs from "fs";
import * as path from "path";
import { autopilotConfig, POD_ABSENCE_BUDGET } from "../ops/autopilot";
import { parseAutopilot } from "../ops/upgrade/cluster-view";
import { waitUntil } from "./children";
import { freePort } from "./emulator";
import { vaultRequest } from "./vault-http";
import { VaultNode, waitForListen } from "./vault-node";

export interface MembershipCluster {
    readonly nodes: VaultNode[];
    readonly ca: string;
    readonly rootToken: string;
    readonly workDir: string;
}

async function autopilot(c: MembershipCluster) {
    for (const node of c.nodes) {
        const reply = await vaultRequest(node.address, c.ca, "GET", "sys/storage/raft/autopilot/state", c.rootToken).catch(() => undefined);
        if (reply?.status === 200) return parseAutopilot(reply.body.data);
    }
    return undefined;
}

/** The budget's measured entry: seconds a Vault server needs to be a healthy voter again after a restart. */
export const MEASURED_REJOIN_BUDGET_SECONDS = POD_ABSENCE_BUDGET.find((b) => /measured/.test(b.what))!.seconds;

/** Stops a follower with SIGTERM and starts it on its own data; seconds from start until it is a healthy voter. */
export async function rejoinTime(c: MembershipCluster): Promise<number> {
    const state = await autopilot(c);
    const follower = c.nodes.find((n) => state && `vault-${n.index}` !== state.leader)!;
    await follower.stop("SIGTERM");
    const id = `vault-${follower.index}`;
    await waitUntil(`${id} to be seen as unhealthy`, async () => (await autopilot(c))?.servers.find((s) => s.id === id)?.healthy === false, 60_000);
    follower.start();
    const started = Date.now();
    await waitUntil(
        `${id} to be a healthy voter again`,
        async () => {
            const s = (await autopilot(c))?.servers.find((x) => x.id === id);
            return Boolean(s?.healthy && s.voter);
        },
        120_000,
    );
    return (Date.now() - started) / 1000;
}

export interface ReplacementResult {
    readonly thresholdSeconds: number;
    readonly replacementVoterSeconds: number;
    readonly deadVoterRemovedSeconds: number;
    readonly failureToleranceBackSeconds: number;
    readonly servers: string[];
}

/** Kills a follower for good, starts a server with a new node id on fresh data, and times what autopilot does. */
export async function replaceWithNewId(c: MembershipCluster, log: (line: string) => void): Promise<ReplacementResult> {
    const thresholdSeconds = 60;
    const config = { ...autopilotConfig(c.nodes.length, thresholdSeconds), dead_server_last_contact_threshold: "1m0s" };
    const written = await vaultRequest(c.nodes[0].address, c.ca, "POST", "sys/storage/raft/autopilot/configuration", c.rootToken, config);
    if (written.status !== 204 && written.status !== 200) throw new Error(`rehearsal: autopilot configuration answered ${written.status}`);
    const state = (await autopilot(c))!;
    const dead = c.nodes.find((n) => `vault-${n.index}` !== state.leader)!;
    const deadId = `vault-${dead.index}`;
    await dead.stop();
    const lostAt = Date.now();
    log(`  ${deadId} lost with its volume`);

    // The replacement: node 0's rendered config with its own ports and a fresh data folder, and a new node id.
    const template = fs.readFileSync(c.nodes[0].configFile, "utf8");
    const [api, cluster] = [await freePort(), await freePort()];
    const oldApi = new URL(c.nodes[0].address).port;
    const oldCluster = /cluster_address\s*=\s*"127\.0\.0\.1:(\d+)"/.exec(template)![1];
    const dataDir = path.join(c.workDir, "raft-replacement");
    fs.mkdirSync(dataDir, { recursive: true });
    const configFile = path.join(c.workDir, "raft-replacement.hcl");
    let hcl = template
        .replace(new RegExp(`^(\\s*address\\s*=\\s*")127\\.0\\.0\\.1:${oldApi}"`, "m"), (_m, head) => `${head}127.0.0.1:${api}"`)
        .replace(new RegExp(`^(\\s*cluster_address\\s*=\\s*")127\\.0\\.0\\.1:${oldCluster}"`, "m"), (_m, head) => `${head}127.0.0.1:${cluster}"`)
        .replace(/(storage "raft" \{\s*\n\s*path\s*=\s*)"[^"]*"/, (_m, head) => `${head}${JSON.stringify(dataDir)}`)
        // A server outside the cluster's pods has no pod to register: its service registration is left out.
        .replace(/service_registration "kubernetes" \{[^}]*\}\n?/, "");
    // Any other listener of the pod (the metrics one) gets a port of its own too.
    for (const m of [...hcl.matchAll(/address\s*=\s*"127\.0\.0\.1:(\d+)"/g)]) {
        if (m[1] !== String(api) && m[1] !== String(cluster)) hcl = hcl.replace(`127.0.0.1:${m[1]}"`, `127.0.0.1:${await freePort()}"`);
    }
    if (!hcl.includes(`127.0.0.1:${api}`) || !hcl.includes(JSON.stringify(dataDir)))
        throw new Error("rehearsal: could not re-address the Raft config for the replacement server");
    fs.writeFileSync(configFile, hcl, { mode: 0o600 });
    const newId = "vault-3";
    const replacement = new VaultNode(3, `https://127.0.0.1:${api}`, configFile, dead.binary, path.join(c.workDir, "raft-replacement.log"), {
        VAULT_API_ADDR: `https://127.0.0.1:${api}`,
        VAULT_CLUSTER_ADDR: `https://127.0.0.1:${cluster}`,
        VAULT_RAFT_NODE_ID: newId,
    });
    replacement.start();
    await waitForListen(replacement, c.ca);
    c.nodes.splice(c.nodes.indexOf(dead), 1, replacement);

    await waitUntil(`${newId} to be a voter`, async () => Boolean((await autopilot(c))?.servers.find((s) => s.id === newId && s.voter && s.healthy)), 180_000);
    const replacementVoterSeconds = (Date.now() - lostAt) / 1000;
    log(`  ${newId} joined and was promoted to voter ${replacementVoterSeconds.toFixed(1)} s after the loss`);
    await waitUntil(`autopilot to remove ${deadId}`, async () => !(await autopilot(c))?.servers.some((s) => s.id === deadId), 300_000);
    const deadVoterRemovedSeconds = (Date.now() - lostAt) / 1000;
    await waitUntil("failure tolerance to return to 1", async () => ((await autopilot(c))?.failureTolerance ?? 0) >= 1, 120_000);
    const failureToleranceBackSeconds = (Date.now() - lostAt) / 1000;
    const servers = ((await autopilot(c))?.servers ?? []).map((s) => s.id).sort();
    return { thresholdSeconds, replacementVoterSeconds, deadVoterRemovedSeconds, failureToleranceBackSeconds, servers };
}
