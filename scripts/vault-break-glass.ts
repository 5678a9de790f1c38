// Break-glass root token from the recovery keys, and its revocation:
//   npm run vault:break-glass -- --stack <name>              (recovery key shares on stdin, one per line)
//   VAULT_TOKEN=<that token> npm run vault:break-glass -- --stack <name> --revoke
import * as readline from "readline";
import { Command, parseCommandLine, required, runMain, UsageError } from "./ops/cli";
import { explainVaultFailure } from "./ops/failures";
import { AttemptInProgress, attemptStatus, generateRoot } from "./ops/root-token";
import { readStackOutputs } from "./ops/stack-outputs";
import { VAULT_FLAGS, vaultClient } from "./ops/vault-client";

const COMMAND: Command = {
    invocation: "npm run vault:break-glass --",
    summary:
        "Generates a new root token from the recovery keys (shares read from standard input, one per line, never from flags), or revokes one with --revoke.",
    flags: {
        ...VAULT_FLAGS,
        revoke: { type: "boolean", description: "Revoke the token in VAULT_TOKEN (the break-glass root token, once the work is done)." },
        cancel: { type: "boolean", description: "Cancel a root-token attempt in progress (anyone's)." },
        status: { type: "boolean", description: "Say whether an attempt is in progress, and how far." },
    },
};

let endpoint = "";

async function main(): Promise<number> {
    const flags = parseCommandLine(COMMAND, process.argv.slice(2));
    if (!flags) return 0;
    const stack = required(flags, "stack", COMMAND);
    const outputs = readStackOutputs(stack, typeof flags.outputs === "string" ? flags.outputs : undefined);
    const say = (line: string) => process.stdout.write(`${line}\n`);
    if (flags.revoke) {
        const token = process.env.VAULT_TOKEN;
        if (!token) throw new UsageError("--revoke revokes the token in VAULT_TOKEN; set it to the break-glass root token");
        const { client, endpoint: address } = vaultClient(outputs, flags, token);
        endpoint = address;
        await client.write("auth/token/revoke-self", {});
        const gone = await client.tokenLookupSelf().then(
            () => false,
            (err: { response?: { statusCode?: number } }) => err.response?.statusCode === 403,
        );
        if (!gone) throw new Error("Vault still accepts the token after revoke-self; revoke it by accessor (`vault token revoke -accessor …`)");
        say(`revoked: Vault at ${endpoint} now refuses that token (403).`);
        return 0;
    }
    const { client, endpoint: address } = vaultClient(outputs, flags);
    endpoint = address;
    if (flags.status || flags.cancel) {
        if (flags.cancel) await client.delete("sys/generate-root/attempt");
        const s = await attemptStatus(client);
        say(s.started ? `an attempt is in progress: ${s.progress} of ${s.required} shares (nonce ${s.nonce})` : "no root-token attempt is in progress");
        return 0;
    }
    const lines = readline.createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
    const token = await generateRoot(client, async (progress, needed) => {
        process.stderr.write(`recovery key share ${progress + 1} of ${needed}: `);
        const next = await lines.next();
        process.stderr.write("\n");
        return next.done ? undefined : next.value;
    });
    say(
        [
            `New root token (shown once; Vault's audit log records its creation): ${token}`,
            "",
            "Do only what needed root, then revoke it:",
            `  VAULT_TOKEN=<the token above> npm run vault:break-glass -- --stack ${stack} --revoke`,
        ].join("\n"),
    );
    return 0;
}

runMain(main, (err) =>
    err instanceof AttemptInProgress
        ? `vault:break-glass: ${err.message}`
        : `vault:break-glass: ${explainVaultFailure(err, endpoint, "generating a root token") ?? (err instanceof Error ? err.message : String(err))}`,
);
