// Configures a stack's Vault for Strongroom, idempotently: `VAULT_TOKEN=… npm run vault:configure -- --stack <name>`.
// Prints what it changed; a second run changes nothing.
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { parseFlags, runMain, UsageError } from "./ops/args";
import { configureSteps } from "./ops/configure-steps";
import { readStackOutputs } from "./ops/stack-outputs";
import { VAULT_FLAGS, vaultClient } from "./ops/vault-client";

const USAGE = "usage: VAULT_TOKEN=<token> npm run vault:configure -- --stack <name> [--dry-run] [--outputs <file>] [--vault-addr <url>] [--ca-cert <file>]";

async function main(): Promise<number> {
    const flags = parseFlags(process.argv.slice(2), { ...VAULT_FLAGS, "dry-run": "flag" }, USAGE);
    if (typeof flags.stack !== "string") throw new UsageError(`--stack is required\n${USAGE}`);
    const token = process.env.VAULT_TOKEN;
    if (!token) throw new UsageError("VAULT_TOKEN is not set: export a token with sys/ and auth/ rights (the root token from vault:init, once)");
    const outputs = readStackOutputs(flags.stack, typeof flags.outputs === "string" ? flags.outputs : undefined);
    const vault = vaultClient(outputs, flags, token);
    const secrets = outputs.replicationAuthMethod === "token" ? new SecretsManagerClient({ region: outputs.region }) : undefined;
    let changes = 0;
    for (const step of configureSteps(vault, outputs, secrets)) {
        if (await step.isDone()) {
            process.stdout.write(`ok       ${step.name}\n`);
            continue;
        }
        if (!flags["dry-run"]) await step.apply();
        changes++;
        process.stdout.write(`${flags["dry-run"] ? "would change" : "changed "} ${step.name}\n`);
    }
    process.stdout.write(`${changes} change(s) to Vault at ${vault.endpoint}${flags["dry-run"] ? " (dry run: none made)" : ""}\n`);
    return 0;
}

runMain(main);
