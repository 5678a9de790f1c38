// The Vault calls the DR drills make: init a new cluster, mount KV, write and read numbered secrets through
// whichever node serves, and wait for the first served read after a restore, saying why when it never comes.
import * as fs from "fs";
import { waitUntil } from "./children";
import { vaultRaw, vaultRequest } from "./vault-http";
import { VaultNode } from "./vault-node";

export const DRILL_MOUNT = "secret";

export interface Initialised {
    readonly rootToken: string;
    readonly recoveryKeys: string[];
}

/** `sys/init` with recovery keys (KMS auto-unseal), then waits until some node is active. */
export async function initCluster(nodes: VaultNode[], ca: string, shares = 1, threshold = shares): Promise<Initialised> {
    // Raft's first init can take longer than vaultRequest's 5 s on a busy machine: the 30 s raw call instead.
    const reply = await vaultRaw(
        nodes[0].address,
        ca,
        "POST",
        "sys/init",
        "",
        Buffer.from(JSON.stringify({ recovery_shares: shares, recovery_threshold: threshold })),
    );
    if (reply.status !== 200) throw new Error(`rehearsal: sys/init answered ${reply.status}: ${reply.data.toString()}`);
    const body = JSON.parse(reply.data.toString());
    await waitUntil("an active node after init", async () => (await activeNode(nodes, ca)) !== undefined, 90_000);
    return { rootToken: body.root_token, recoveryKeys: body.recovery_keys_base64 };
}

export async function activeNode(nodes: VaultNode[], ca: string): Promise<VaultNode | undefined> {
    for (const node of nodes) if ((await vaultRequest(node.address, ca, "GET", "sys/health").catch(() => ({ status: 0 }))).status === 200) return node;
    return undefined;
}

export async function mountKv(nodes: VaultNode[], ca: string, token: string): Promise<void> {
    const node = (await activeNode(nodes, ca)) ?? nodes[0];
    const reply = await vaultRequest(node.address, ca, "POST", `sys/mounts/${DRILL_MOUNT}`, token, { type: "kv", options: { version: "2" } });
    if (reply.status !== 204) throw new Error(`rehearsal: mounting KV answered ${reply.status}: ${JSON.stringify(reply.body)}`);
}

/** Writes and reads secret number n (its value is n), through the active node. */
export function secrets(nodes: VaultNode[], ca: string, token: string) {
    let active: VaultNode | undefined;
    const via = async () => (active ??= await activeNode(nodes, ca));
    return {
        async write(n: number): Promise<number> {
            const node = await via();
            if (!node) return 0;
            const status = (
                await vaultRequest(node.address, ca, "POST", `${DRILL_MOUNT}/data/drill/s-${n}`, token, { data: { n } }).catch(() => ({ status: 0 }))
            ).status;
            if (status !== 200) active = undefined;
            return status;
        },
        async read(n: number): Promise<boolean> {
            const node = await via();
            if (!node) return false;
            const reply = await vaultRequest(node.address, ca, "GET", `${DRILL_MOUNT}/data/drill/s-${n}`, token).catch(() => ({ status: 0, body: undefined }));
            if (reply.status !== 200 && reply.status !== 404) active = undefined;
            return reply.status === 200 && reply.body?.data?.data?.n === n;
        },
    };
}

/**
 * Waits for the first read a restored cluster serves (secret 1, with the source cluster's token). When it never
 * comes, fails with Vault's own reason from the node logs: most often that its key cannot unwrap the root key.
 */
export async function firstServedRead(nodes: VaultNode[], ca: string, token: string, timeoutMs: number, region: string): Promise<number> {
    const s = secrets(nodes, ca, token);
    try {
        await waitUntil(`a Vault in ${region} to serve a read`, () => s.read(1), timeoutMs);
        return Date.now();
    } catch (err) {
        throw new Error(`${(err as Error).message}; ${whySealed(nodes) ?? "the nodes said nothing about their seal"}`, { cause: err });
    }
}

/** What a node last logged about failing to unseal, preferring why a key could not decrypt; undefined if nothing. */
export function whySealed(nodes: VaultNode[]): string | undefined {
    const said: string[] = [];
    for (const node of nodes) {
        if (!fs.existsSync(node.logFile)) continue;
        // Vault writes an error's detail on the lines after it ("  | …"): read each entry whole.
        const entries = fs.readFileSync(node.logFile, "utf8").split(/\n(?=\d{4}-\d\d-\d\dT)/);
        said.push(...entries.filter((e) => /failed to unseal|error decrypting|AccessDenied/i.test(e)).map((e) => e.replace(/\s*\n\s*\|?\s*/g, " ").trim()));
    }
    const best = said.filter((e) => /decrypt|AccessDenied/i.test(e)).pop() ?? said.pop();
    return best ? `Vault says: ${best.slice(0, 400)}` : undefined;
}
