// The older Vault release the upgrade drill starts from, built by build-vault.sh into its own cache folder: 1.21.0,
// with the sdk v0.20.0 it compiles against. No 1.20.x builds from the module proxy: 1.20.0 and 1.20.3 compile against
// neither published sdk (v0.18.0 lacks their plugin catalog's Download field, v0.19.0 changed
// GetCloudSQLAuthOptions), and 1.20.0 and 1.20.4 name plugin versions the checksum database does not know
// (1.20.1 and 1.20.2 were not tried).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const OLDER_VAULT = { version: "1.21.0", sdk: "v0.20.0" };

/** The older binary: VAULT_OLD_BIN, else the cached build; `build` builds it when missing (minutes, once). */
export function olderVaultBinary(build = true): string {
    if (process.env.VAULT_OLD_BIN) return process.env.VAULT_OLD_BIN;
    const cached = path.join(process.env.STRONGROOM_CACHE ?? path.join(os.homedir(), ".cache", "strongroom"), `vault-${OLDER_VAULT.version}`, "vault");
    if (!build) {
        if (!fs.existsSync(cached))
            throw new Error(
                `Vault ${OLDER_VAULT.version} is not built; run VAULT_VERSION=${OLDER_VAULT.version} VAULT_SDK_VERSION=${OLDER_VAULT.sdk} bash scripts/rehearse/build-vault.sh`,
            );
        return cached;
    }
    return execFileSync("bash", [path.join(__dirname, "build-vault.sh")], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, VAULT_VERSION: OLDER_VAULT.version, VAULT_SDK_VERSION: OLDER_VAULT.sdk },
    }).trim();
}
