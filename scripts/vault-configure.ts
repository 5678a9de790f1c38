// Configures a stack's Vault for Strongroom, idempotently: `VAULT_TOKEN=… npm run vault:configure -- --stack <name>`.
// Prints what it changed; a second run changes nothing.
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Command, parseCommandLine, required, runMain, UsageError } from "./ops/cli";
import { configureSteps } from "./ops/configure-steps";
import { explainVaultFailure } from "./ops/failures";
import { readStackOutputs } from "./ops/stack-outputs";
import { VAULT_FLAGS, vaultClient } from "./ops/vault-client";

const COMMAND: Command = {
    invocation: "VAULT_TOKEN=<token> npm run vault:configure --",
    summary: "Configures the stack's Vault for Strongroom (KV v2 mount, read-only replication policy, auth methods, audit device), changing only what differs.",
    flags: {
        ...VAULT_FLAGS,
        "dry-run": { type: "boolean", description: "Say what would change, and change nothing." },
        "aws-endpoint": {
            type: "string",
            value: "<url>",
            description: "Point Vault's AWS auth at this STS/IAM endpoint instead of AWS's (the local rehearsal's emulator). Default: AWS's regional STS.",
        },
        "kubernetes-host": {
            type: "string",
            value: "<url>",
            description:
                "eks-raft: the API server Vault's Kubernetes auth reviews tokens with (the local rehearsal's). Default: https://kubernetes.default.svc, in-cluster.",
        },
    },
};

let endpoint = "";

async function main(): Promise<number> {
    const flags = parseCommandLine(COMMAND, process.argv.slice(2));
    if (!flags) return 0;
    const stack = required(flags, "stack", COMMAND);
    const token = process.env.VAULT_TOKEN;
    if (!token) throw new UsageError("VAULT_TOKEN is not set: export a token with sys/ and auth/ rights (the root token from vault:init, once)");
    const outputs = readStackOutputs(stack, typeof flags.outputs === "string" ? flags.outputs : undefined);
    const { client: vault, endpoint: address } = vaultClient(outputs, flags, token);
    endpoint = address;
    const secrets = outputs.replicationAuthMethod === "token" ? new SecretsManagerClient({ region: outputs.region }) : undefined;
    let changes = 0;
    const awsEndpoint = typeof flags["aws-endpoint"] === "string" ? flags["aws-endpoint"] : undefined;
    const kubernetesHost = typeof flags["kubernetes-host"] === "string" ? flags["kubernetes-host"] : undefined;
    for (const step of configureSteps(vault, outputs, secrets, awsEndpoint, kubernetesHost)) {
        if (await step.isDone()) {
            process.stdout.write(`ok       ${step.name}\n`);
            continue;
        }
        if (!flags["dry-run"]) await step.apply();
        changes++;
        process.stdout.write(`${flags["dry-run"] ? "would change" : "changed "} ${step.name}\n`);
    }
    process.stdout.write(`${changes} change(s) to Vault at ${endpoint}${flags["dry-run"] ? " (dry run: none made)" : ""}\n`);
    return 0;
}

runMain(main, (err) => `vault:configure: ${explainVaultFailure(err, endpoint, "configuring Vault") ?? (err instanceof Error ? err.message : String(err))}`);
