// A node-vault client for an operator script: the stack's address (or --vault-addr, e.g. through a port-forward)
// and the CA the stack exported (or --ca-cert).
import * as fs from "fs";
import NodeVault from "node-vault";
import { StackOutputs } from "./stack-outputs";

export function vaultClient(outputs: StackOutputs, flags: Record<string, string | true>, token?: string): NodeVault.client {
    const ca = typeof flags["ca-cert"] === "string" ? fs.readFileSync(flags["ca-cert"], "utf8") : outputs.vaultCaCertPem;
    return NodeVault({
        endpoint: typeof flags["vault-addr"] === "string" ? flags["vault-addr"] : outputs.vaultAddress,
        token,
        noCustomHTTPVerbs: true,
        requestOptions: ca ? { agentOptions: { ca } } : {},
    });
}

export const VAULT_FLAGS = { stack: "value", outputs: "value", "vault-addr": "value", "ca-cert": "value" } as const;
