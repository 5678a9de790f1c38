// What vault:upgrade reads about the cluster, through Vault's own API with the operator's token: every node that
// is unsealed and echoing to the active one (sys/ha-status, with its version), and Raft's autopilot state.
// A sealed or stopped node does not echo, so it is missing here: "present" means unsealed and in the cluster.
import NodeVault from "node-vault";

export interface HaNode {
    readonly hostname: string;
    readonly apiAddress: string;
    readonly active: boolean;
    readonly version: string;
    /** ms since its last echo to the active node (0 for the active node itself). */
    readonly echoAgeMs: number;
}

export interface AutopilotServer {
    readonly id: string;
    readonly healthy: boolean;
    readonly voter: boolean;
    readonly version?: string;
}

export interface AutopilotView {
    readonly healthy: boolean;
    readonly failureTolerance: number;
    readonly leader: string;
    readonly servers: AutopilotServer[];
}

export interface ClusterView {
    haNodes(): Promise<HaNode[]>;
    /** Undefined on storage without Raft (DynamoDB). */
    autopilot(): Promise<AutopilotView | undefined>;
}

export function vaultClusterView(vault: NodeVault.client, raft: boolean, now = () => Date.now()): ClusterView {
    return {
        async haNodes() {
            const reply = await vault.read("sys/ha-status");
            const nodes: any[] = reply?.data?.nodes ?? reply?.nodes ?? [];
            return nodes.map((n) => ({
                hostname: String(n.hostname ?? ""),
                apiAddress: String(n.api_address ?? ""),
                active: n.active_node === true,
                version: String(n.version ?? ""),
                echoAgeMs: n.active_node || !n.last_echo ? 0 : Math.max(0, now() - Date.parse(n.last_echo)),
            }));
        },
        async autopilot() {
            if (!raft) return undefined;
            const state = (await vault.read("sys/storage/raft/autopilot/state"))?.data ?? {};
            return parseAutopilot(state);
        },
    };
}

export function parseAutopilot(state: any): AutopilotView {
    return {
        healthy: state.healthy === true,
        failureTolerance: Number(state.failure_tolerance ?? 0),
        leader: String(state.leader ?? ""),
        servers: Object.values(state.servers ?? {}).map((s: any) => ({
            id: String(s.id),
            healthy: s.healthy === true,
            voter: s.status === "voter" || s.status === "leader" || s.node_type === "voter",
            version: s.version ? String(s.version) : undefined,
        })),
    };
}
