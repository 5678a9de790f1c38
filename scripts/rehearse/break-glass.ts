// The break-glass drill: the original root token is revoked (as the runbook says once vault:configure has run),
// then `npm run vault:break-glass` makes a new one from the recovery keys (the shares on its standard input), the
// new token works as root, and `--revoke` removes it again. Everything through the real script and a real Vault.
import { execFile } from "child_process";
import * as path from "path";
import { vaultRequest } from "./vault-http";

const ROOT = path.resolve(__dirname, "../..");

export interface BreakGlassResult {
    readonly originalRefused: boolean;
    readonly newTokenPolicies: string[];
    readonly revokedRefused: boolean;
    readonly seconds: number;
}

function script(args: string[], env: Record<string, string>, input: string): Promise<{ status: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = execFile(
            process.execPath,
            ["--import", "tsx", path.join(ROOT, "scripts", "vault-break-glass.ts"), ...args],
            { cwd: ROOT, env: { ...process.env, ...env } },
            (err, stdout, stderr) => resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
        child.stdin!.end(input);
    });
}

export async function breakGlassDrill(o: {
    address: string;
    ca: string;
    rootToken: string;
    recoveryKeys: string[];
    outputsFile: string;
    threshold: number;
}): Promise<BreakGlassResult> {
    const lookup = async (token: string) => vaultRequest(o.address, o.ca, "GET", "auth/token/lookup-self", token);
    await vaultRequest(o.address, o.ca, "POST", "auth/token/revoke-self", o.rootToken);
    const originalRefused = (await lookup(o.rootToken)).status === 403;
    const started = Date.now();
    const flags = ["--stack", "rehearsal", "--outputs", o.outputsFile, "--vault-addr", o.address];
    const made = await script(flags, {}, o.recoveryKeys.slice(0, o.threshold).join("\n") + "\n");
    if (made.status !== 0) throw new Error(`rehearsal: vault:break-glass failed: ${made.stderr.trim()}`);
    const token = /^New root token[^:]*: (\S+)$/m.exec(made.stdout)?.[1];
    if (!token) throw new Error("rehearsal: vault:break-glass printed no token");
    const seconds = (Date.now() - started) / 1000;
    const newTokenPolicies: string[] = (await lookup(token)).body?.data?.policies ?? [];
    const revoked = await script([...flags, "--revoke"], { VAULT_TOKEN: token }, "");
    if (revoked.status !== 0) throw new Error(`rehearsal: vault:break-glass --revoke failed: ${revoked.stderr.trim()}`);
    const revokedRefused = (await lookup(token)).status === 403;
    return { originalRefused, newTokenPolicies, revokedRefused, seconds };
}
