// The older Vault release the upgrade drill starts from, built by build-vault.sh into its own cache folder.
// 1.20.0 with the sdk v0.18.0 its go.mod names. 1.20.4 and 1.20.0–1.20.2 name plugin versions the checksum
// database does not know (so it is skipped for HashiCorp's plugin modules only; the module proxy serves them), and
// 1.20.3 compiles against neither published sdk (v0.18.0 lacks its plugin Download field, v0.19.0 changed
// GetCloudSQLAuthOptions).
import { execFileSync } from "child_process";
import * as path from "path";

export const OLDER_VAULT = { version: "1.20.0", sdk: "v0.18.0" };

export function olderVaultBinary(): string {
    if (process.env.VAULT_OLD_BIN) return process.env.VAULT_OLD_BIN;
    return execFileSync("bash", [path.join(__dirname, "build-vault.sh")], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, VAULT_VERSION: OLDER_VAULT.version, VAULT_SDK_VERSION: OLDER_VAULT.sdk, GONOSUMDB: "github.com/hashicorp/vault-plugin-*" },
    }).trim();
}
