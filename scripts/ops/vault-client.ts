// A node-vault client for an operator script: the stack's address (or --vault-addr, e.g. through a port-forward),
// the CA the stack exported (or --ca-cert), and a timeout on every request so an unanswering listener cannot hang it.
import * as fs from "fs";
import NodeVault from "node-vault";
import { Flag } from "./cli";
import { StackOutputs } from "./stack-outputs";

export const DEFAULT_TIMEOUT_SECONDS = 15;

export const VAULT_FLAGS: Record<string, Flag> = {
    stack: {
        type: "string",
        value: "<name>",
        description: "The Pulumi stack whose Vault to use (required); its outputs come from `pulumi stack output --json`.",
    },
    outputs: { type: "string", value: "<file>", description: "Read the stack outputs from this JSON file instead of the Pulumi CLI." },
    "vault-addr": {
        type: "string",
        value: "<url>",
        description: "Vault's address, e.g. https://127.0.0.1:8200 through a port-forward. Default: the stack output vaultAddress.",
    },
    "ca-cert": { type: "string", value: "<file>", description: "PEM CA to trust for Vault's certificate. Default: the stack output vaultCaCertPem." },
    timeout: { type: "string", value: "<seconds>", description: `Give up on a Vault request after this many seconds. Default: ${DEFAULT_TIMEOUT_SECONDS}.` },
};

export interface VaultConnection {
    readonly client: NodeVault.client;
    readonly endpoint: string;
}

export function vaultClient(outputs: StackOutputs, flags: Record<string, string | boolean | undefined>, token?: string): VaultConnection {
    const caFile = typeof flags["ca-cert"] === "string" ? flags["ca-cert"] : undefined;
    const ca = caFile ? readCa(caFile) : outputs.vaultCaCertPem;
    const endpoint = typeof flags["vault-addr"] === "string" ? flags["vault-addr"] : outputs.vaultAddress;
    const timeout = timeoutMs(flags.timeout);
    const client = NodeVault({
        endpoint,
        token,
        noCustomHTTPVerbs: true,
        rpDefaults: { timeout },
        requestOptions: { timeout, ...(ca ? { agentOptions: { ca } } : {}) },
    } as NodeVault.VaultOptions);
    return { client, endpoint };
}

function readCa(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new Error(`--ca-cert ${file} could not be read (${(err as NodeJS.ErrnoException).code ?? "error"}); give the path of a PEM CA file`, {
            cause: err,
        });
    }
}

function timeoutMs(flag: string | boolean | undefined): number {
    if (typeof flag !== "string") return DEFAULT_TIMEOUT_SECONDS * 1000;
    const seconds = Number(flag);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`--timeout ${flag} is not a positive number of seconds`);
    return seconds * 1000;
}
