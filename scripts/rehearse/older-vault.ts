// The older Vault release the upgrade drill starts from, built by build-vault.sh into its own cache folder.
// 1.20.3 with the sdk v0.19.0 it compiles against: 1.20.4 needs a plugin version the checksum database does not
// know, 1.20.0–1.20.2's plugins likewise, and 1.20.3 does not compile against the sdk v0.18.0 its go.mod names.
import { execFileSync } from "child_process";
import * as path from "path";

export const OLDER_VAULT = { version: "1.20.3", sdk: "v0.19.0" };

export function olderVaultBinary(): string {
    if (process.env.VAULT_OLD_BIN) return process.env.VAULT_OLD_BIN;
    return execFileSync("bash", [path.join(__dirname, "build-vault.sh")], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, VAULT_VERSION: OLDER_VAULT.version, VAULT_SDK_VERSION: OLDER_VAULT.sdk },
    }).trim();
}
