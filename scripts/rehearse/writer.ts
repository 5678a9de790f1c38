// A client writing continuously while a drill disrupts the cluster, as an application behind the load balancer
// would: each write goes to the node that last answered, else to the next; every acknowledged (2xx) write is
// remembered, so the drill can prove none was lost, and the longest gap between two acknowledgements is measured.
import { VaultNode } from "./vault-node";
import { vaultRequest } from "./vault-http";

export interface WriterReport {
    readonly acknowledged: number;
    readonly attempts: number;
    /** Longest time between two acknowledged writes, in seconds. */
    readonly longestGapSeconds: number;
}

export class ContinuousWriter {
    private readonly acked: string[] = [];
    private attempts = 0;
    private longestGapMs = 0;
    private lastAck = 0;
    private running = false;
    private loop?: Promise<void>;
    private preferred = 0;

    constructor(
        private readonly nodes: () => VaultNode[],
        private readonly ca: string,
        private readonly token: string,
        private readonly write: (node: VaultNode, key: string, value: number) => Promise<number>,
        private readonly intervalMs = 20,
    ) {}

    start(): void {
        this.running = true;
        this.lastAck = Date.now();
        this.loop = (async () => {
            for (let n = 0; this.running; n++) {
                const key = `w-${n}`;
                const nodes = this.nodes();
                for (let i = 0; i < nodes.length; i++) {
                    const index = (this.preferred + i) % nodes.length;
                    this.attempts++;
                    const status = await this.write(nodes[index], key, n).catch(() => 0);
                    if (status >= 200 && status < 300) {
                        const now = Date.now();
                        this.longestGapMs = Math.max(this.longestGapMs, now - this.lastAck);
                        this.lastAck = now;
                        this.acked.push(key);
                        this.preferred = index;
                        break;
                    }
                }
                await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
            }
        })();
    }

    async stop(): Promise<WriterReport> {
        this.running = false;
        await this.loop;
        return { acknowledged: this.acked.length, attempts: this.attempts, longestGapSeconds: this.longestGapMs / 1000 };
    }

    /** The acknowledged writes that cannot be read back (from any node that answers). */
    async lost(read: (node: VaultNode, key: string) => Promise<number>): Promise<string[]> {
        const missing: string[] = [];
        for (const key of this.acked) {
            let found = false;
            for (const node of this.nodes()) {
                const status = await read(node, key).catch(() => 0);
                if (status === 200) {
                    found = true;
                    break;
                }
                if (status === 404) break;
            }
            if (!found) missing.push(key);
        }
        return missing;
    }
}

/** KV v2 write and read of the drill's keys under `prefix`, with the root token. */
export function kvOps(mount: string, prefix: string, ca: string, token: string) {
    return {
        write: async (node: VaultNode, key: string, value: number) =>
            (await vaultRequest(node.address, ca, "POST", `${mount}/data/${prefix}/${key}`, token, { data: { value } })).status,
        read: async (node: VaultNode, key: string) => (await vaultRequest(node.address, ca, "GET", `${mount}/data/${prefix}/${key}`, token)).status,
    };
}
