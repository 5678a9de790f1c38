// The rehearsal needs a Vault binary and the AWS emulator. CI builds and installs both (.ci/run); locally a missing
// one skips the rehearsal loudly with the command that brings it, unless STRONGROOM_REHEARSE=1 asks to build it here.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

function cachedVault(): boolean {
    if (process.env.VAULT_BIN) return true;
    try {
        execFileSync("sh", ["-c", "command -v vault"], { stdio: "ignore" });
        return true;
    } catch {
        const cache = process.env.STRONGROOM_CACHE ?? path.join(os.homedir(), ".cache", "strongroom");
        return fs.existsSync(cache) && fs.readdirSync(cache).some((d) => d.startsWith("vault-") && fs.existsSync(path.join(cache, d, "vault")));
    }
}

export function requireRehearsal(ctx: Mocha.Context): void {
    if (cachedVault() || process.env.CI || process.env.STRONGROOM_REHEARSE) return;
    console.warn("\n  !!! SKIPPED: no Vault binary; run `bash scripts/rehearse/build-vault.sh` once (or set VAULT_BIN). CI builds it.\n");
    ctx.skip();
}
