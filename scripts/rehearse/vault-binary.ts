// The real Vault the rehearsal runs: VAULT_BIN, else `vault` on PATH, else built from HashiCorp's Go module by
// build-vault.sh into the cache (a cold build takes minutes; later runs reuse it).
import { execFileSync } from "child_process";
import * as path from "path";

export function vaultBinary(): string {
    if (process.env.VAULT_BIN) return process.env.VAULT_BIN;
    try {
        return execFileSync("sh", ["-c", "command -v vault"], { encoding: "utf8" }).trim();
    } catch {
        return execFileSync("bash", [path.join(__dirname, "build-vault.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
    }
}
