// The rehearsal's view of a cluster through Vault's API, as an operator's tools see it: whichever node answers
// (a load balancer's behaviour), with the root token. Used by the lifecycle drills.
import NodeVault from "node-vault";
import { ClusterView, vaultClusterView } from "../ops/upgrade/cluster-view";
import { VaultNode } from "./vault-node";

export function nodeClient(node: VaultNode, ca: string, token?: string): NodeVault.client {
    return NodeVault({
        endpoint: node.address,
        token,
        noCustomHTTPVerbs: true,
        requestOptions: { timeout: 5000, agentOptions: { ca } },
    } as NodeVault.VaultOptions);
}

/** A ClusterView that asks each node in turn until one answers. */
export function anyNodeView(nodes: () => VaultNode[], ca: string, token: string, raft: boolean): ClusterView {
    const first = async <T>(read: (view: ClusterView) => Promise<T>): Promise<T> => {
        let last: unknown;
        for (const node of nodes()) {
            try {
                return await read(vaultClusterView(nodeClient(node, ca, token), raft));
            } catch (err) {
                last = err;
            }
        }
        throw last ?? new Error("no node to ask");
    };
    return { haNodes: () => first((v) => v.haNodes()), autopilot: () => first((v) => v.autopilot()) };
}
