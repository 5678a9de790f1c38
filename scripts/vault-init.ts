// Initialises a stack's Vault once: `npm run vault:init -- --stack <name>`. With a KMS seal, init returns recovery
// keys (for rekeying and generating root tokens), not unseal keys. They and the root token are printed once and
// written nowhere unless --out names a file (created with mode 0600, never overwritten).
import * as fs from "fs";
import { Command, parseCommandLine, required, runMain, UsageError } from "./ops/cli";
import { explainVaultFailure } from "./ops/failures";
import { readPgpKeys } from "./ops/pgp-keys";
import { downloadSnapshot, forceRestore, pollUntil, sealedAfterRestore, vaultGet } from "./ops/raft-restore";
import { readStackOutputs, StackOutputs } from "./ops/stack-outputs";
import { VAULT_FLAGS, vaultClient } from "./ops/vault-client";

const COMMAND: Command = {
    invocation: "npm run vault:init --",
    summary: "Initialises the stack's Vault once (KMS auto-unseal: recovery keys, not unseal keys) and prints the recovery keys and root token once.",
    flags: {
        ...VAULT_FLAGS,
        "recovery-shares": { type: "string", value: "<n>", description: "How many recovery keys to make. Default: 5." },
        "recovery-threshold": { type: "string", value: "<n>", description: "How many of them rekeying or a new root token needs. Default: 3." },
        "pgp-keys": {
            type: "string",
            value: "<a.asc,b.asc,…>",
            description: "Encrypt each recovery key to one operator's PGP public key (one file per share).",
        },
        out: {
            type: "string",
            value: "<file>",
            description: "Also write the keys and token to this new file (mode 0600; never overwritten). Default: written nowhere.",
        },
        "aws-endpoint": {
            type: "string",
            value: "<url>",
            description: "Read the restoreFrom snapshot from this S3 endpoint instead of AWS's (the rehearsal's emulator).",
        },
    },
};

let endpoint = "";

async function main(): Promise<number> {
    const flags = parseCommandLine(COMMAND, process.argv.slice(2));
    if (!flags) return 0;
    const stack = required(flags, "stack", COMMAND);
    const shares = Number(flags["recovery-shares"] ?? 5);
    const threshold = Number(flags["recovery-threshold"] ?? 3);
    if (!Number.isInteger(shares) || !Number.isInteger(threshold) || threshold < 1 || threshold > shares) {
        throw new UsageError(`--recovery-threshold must be a whole number from 1 to --recovery-shares (got ${threshold} of ${shares})`);
    }
    const pgpKeys = typeof flags["pgp-keys"] === "string" ? readPgpKeys(flags["pgp-keys"].split(",")) : undefined;
    if (pgpKeys && pgpKeys.length !== shares) throw new UsageError(`--pgp-keys names ${pgpKeys.length} keys; give one per recovery share (${shares})`);
    const out = typeof flags.out === "string" ? flags.out : undefined;
    if (out && fs.existsSync(out)) throw new UsageError(`--out ${out} exists; choose a new file (recovery keys are never overwritten)`);

    const outputs = readStackOutputs(stack, typeof flags.outputs === "string" ? flags.outputs : undefined);
    const { client: vault, endpoint: address } = vaultClient(outputs, flags);
    endpoint = address;
    const health = await vault.health();
    const { initialized } = await vault.initialized();
    if (initialized) {
        process.stdout.write(`Vault at ${endpoint} is already initialised (sealed: ${health.sealed}); nothing to do.\n`);
        if (outputs.restoreFrom)
            process.stdout.write(
                `restoreFrom (${outputs.restoreFrom}) is restored only by the first init of a new Vault; to restore it into this one, see README *Restoring from backup*.\n`,
            );
        return 0;
    }
    // Before init, so a snapshot that cannot be read stops everything while the Vault is still new.
    const snapshot = outputs.restoreFrom
        ? await downloadSnapshot(outputs.restoreFrom, outputs.region, typeof flags["aws-endpoint"] === "string" ? flags["aws-endpoint"] : undefined)
        : undefined;
    const result = await vault.write("sys/init", {
        recovery_shares: shares,
        recovery_threshold: threshold,
        ...(pgpKeys ? { recovery_pgp_keys: pgpKeys } : {}),
    });
    if (snapshot && outputs.restoreFrom) return restore(outputs, snapshot, result.root_token as string, flags);
    const secrets = {
        recovery_keys_b64: result.recovery_keys_base64 as string[],
        root_token: result.root_token as string,
        recovery_threshold: threshold,
        pgp_encrypted: Boolean(pgpKeys),
    };
    if (out) fs.writeFileSync(out, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600, flag: "wx" });
    process.stdout.write(
        [
            `Vault at ${endpoint} (${outputs.layout}) is initialised with KMS auto-unseal.`,
            "",
            "!!! The recovery keys and root token below are shown ONCE. Store each recovery key with a different person,",
            "!!! offline; revoke the root token (`vault token revoke`) once `npm run vault:configure` has run.",
            "",
            ...secrets.recovery_keys_b64.map((k, i) => `Recovery key ${i + 1}${pgpKeys ? " (PGP-encrypted)" : ""}: ${k}`),
            "",
            `Initial root token: ${secrets.root_token}`,
            `Recovery threshold: ${threshold} of ${shares}`,
            out ? `Also written to ${out} (mode 0600).` : "Written nowhere else.",
            "",
        ].join("\n"),
    );
    return 0;
}

/**
 * Restores the snapshot into the Vault just initialised. The recovery keys and root token that init made are void
 * once the snapshot's keyring is in, so they are never shown: the snapshot's cluster's own apply.
 */
async function restore(outputs: StackOutputs, snapshot: Buffer, initToken: string, flags: Record<string, string | boolean | undefined>): Promise<number> {
    const url = outputs.restoreFrom!;
    const ca = typeof flags["ca-cert"] === "string" ? fs.readFileSync(flags["ca-cert"], "utf8") : outputs.vaultCaCertPem;
    const timeoutMs = Math.max(60_000, Number(flags.timeout ?? 0) * 1000);
    // The node just initialised must be the active one (Raft's leader, unsealed) before it takes a restore.
    if (!(await pollUntil(async () => (await vaultGet(endpoint, ca, "sys/health")).status === 200, timeoutMs)))
        throw new Error(`Vault at ${endpoint} did not become active within ${timeoutMs / 1000} s of init; check the pods' logs`);
    await forceRestore(endpoint, ca, initToken, snapshot, timeoutMs);
    // Vault applies the snapshot, then unseals again with the snapshot's root key, unwrapped by this stack's KMS key.
    // Right after the call Vault may still answer from its state before the restore (unsealed, init's token valid), so
    // the restore counts as applied once that token is void (the snapshot brings its own tokens) or Vault has sealed.
    const applied = await pollUntil(async () => (await vaultGet(endpoint, ca, "auth/token/lookup-self", 5000, initToken)).status !== 200, 30_000);
    if (!applied) throw new Error(`Vault at ${endpoint} still answered from its state before the restore 30 s after taking ${url}; check the pods' logs`);
    const unsealed = await pollUntil(async () => (await vaultGet(endpoint, ca, "sys/health")).status === 200, 30_000);
    const sealed = !unsealed;
    const problem = sealedAfterRestore(url, sealed);
    if (problem) throw new Error(problem);
    process.stdout.write(
        [
            `Vault at ${endpoint} (${outputs.layout}) is initialised and restored from ${url} (${snapshot.length} bytes).`,
            "",
            "It now holds the snapshot's data, keyring, recovery keys and root token: use the recovery keys and tokens of the",
            "cluster the snapshot came from. The ones this init made are void and are not shown. Run `npm run vault:configure`",
            "next (it re-points the AWS and Kubernetes auth methods at this stack).",
            "",
        ].join("\n"),
    );
    return 0;
}

runMain(main, (err) => `vault:init: ${explainVaultFailure(err, endpoint, "initialising Vault") ?? (err instanceof Error ? err.message : String(err))}`);
