// The rendered vault.hcl, boot script and unit file, checked by the real tools that will read them.
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "@cdktf/hcl2json";
import { NODE_IP_PLACEHOLDER, renderVaultHcl } from "../../../infra/vault-ec2/server-config";
import { renderSystemdUnit } from "../../../infra/vault-ec2/systemd-unit";
import { HASHICORP_KEY_FINGERPRINT, renderUserData } from "../../../infra/vault-ec2/user-data";
import { requireTool } from "../../support/tools";

const SETTINGS = {
    region: "eu-west-1",
    tableName: "strongroom-dev-vault-storage-1a2b3c",
    unsealKeyId: "arn:aws:kms:eu-west-1:123456789012:key/abc",
    forwardedForCidrs: ["10.20.0.0/16"],
};
const hcl = renderVaultHcl({ ...SETTINGS, nodeAddress: "10.20.1.7", tlsCertFile: "/opt/vault/tls/vault.crt", tlsKeyFile: "/opt/vault/tls/vault.key" });
const userData = renderUserData({
    ...SETTINGS,
    vaultVersion: "2.0.4",
    arch: "arm64",
    downloadUrl: "https://releases.hashicorp.com/vault",
    auditLogGroup: "strongroom-dev-vault-audit",
});

describe("vault-ec2 artifacts", () => {
    describe("vault.hcl (parsed by HashiCorp's HCL parser)", () => {
        it("has DynamoDB HA storage, the KMS seal, and a TLS listener on 8200/8201", async () => {
            const json: any = await parse("vault.hcl", hcl);
            assert.deepStrictEqual(json.storage.dynamodb, [{ ha_enabled: "true", region: "eu-west-1", table: SETTINGS.tableName }]);
            assert.deepStrictEqual(json.seal.awskms, [{ region: "eu-west-1", kms_key_id: SETTINGS.unsealKeyId }]);
            const [listener] = json.listener.tcp;
            assert.strictEqual(listener.address, "0.0.0.0:8200");
            assert.strictEqual(listener.cluster_address, "0.0.0.0:8201");
            assert.strictEqual(listener.tls_cert_file, "/opt/vault/tls/vault.crt");
            assert.strictEqual(listener.tls_key_file, "/opt/vault/tls/vault.key");
            assert.strictEqual(listener.tls_disable, undefined);
            assert.strictEqual(json.api_addr, "https://10.20.1.7:8200");
            assert.strictEqual(json.cluster_addr, "https://10.20.1.7:8201");
            assert.strictEqual(json.ui, true);
            assert.strictEqual(json.disable_mlock, false);
            assert.ok(json.telemetry);
            assert.doesNotMatch(hcl, /access_key|secret_key/);
        });

        it("keeps hostile values inside their strings", async () => {
            const tricky = renderVaultHcl({ ...SETTINGS, tableName: 'x" }\nseal "shamir" {', nodeAddress: "${evil}", tlsCertFile: "a", tlsKeyFile: "b" });
            const json: any = await parse("vault.hcl", tricky);
            assert.strictEqual(json.storage.dynamodb[0].table, 'x" }\nseal "shamir" {');
            assert.deepStrictEqual(Object.keys(json.seal), ["awskms"]);
        });

        it("a malformed render fails the parser", async () => {
            await assert.rejects(parse("vault.hcl", hcl.replace('seal "awskms" {', 'seal "awskms"')), /vault\.hcl/);
        });
    });

    describe("user data", () => {
        it("passes bash -n and shellcheck", function () {
            requireTool(this, "shellcheck");
            const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ud-")), "user-data.sh");
            fs.writeFileSync(file, userData);
            execFileSync("bash", ["-n", file]);
            const check = spawnSync("shellcheck", ["--shell=bash", "--severity=style", file], { encoding: "utf8" });
            assert.strictEqual(check.status, 0, check.stdout + check.stderr);
        });

        it("installs the pinned release only after checking HashiCorp's signature and the checksum", () => {
            assert.match(userData, /vault_2\.0\.4_linux_arm64\.zip/);
            assert.match(userData, new RegExp(`VALIDSIG .\\* \\\${KEY_FINGERPRINT}`));
            assert.match(userData, new RegExp(`KEY_FINGERPRINT='${HASHICORP_KEY_FINGERPRINT}'`));
            const verify = userData.indexOf("sha256sum --check");
            assert.ok(userData.indexOf("VALIDSIG") < verify && verify < userData.indexOf("unzip -o"), "verification comes before install");
        });

        it("writes the config 0640 root:vault (readable, never writable by Vault), with the node IP from IMDSv2", () => {
            assert.match(userData, /X-aws-ec2-metadata-token-ttl-seconds/);
            assert.match(userData, /chmod 0640 \/etc\/vault\.d\/vault\.hcl/);
            assert.match(userData, /chown root:vault \/etc\/vault\.d\/vault\.hcl/);
            assert.ok(userData.includes(`sed -i "s/${NODE_IP_PLACEHOLDER}/\${NODE_IP}/g"`));
            assert.match(userData, /systemctl enable --now vault/);
        });

        it("holds no private key or credential", () => {
            assert.doesNotMatch(userData, /BEGIN [A-Z ]*PRIVATE KEY|AKIA|aws_secret/i);
        });
    });

    describe("systemd unit", () => {
        const unit = renderSystemdUnit();

        it("carries every hardening directive", () => {
            for (const line of [
                "User=vault",
                "Group=vault",
                "ProtectSystem=full",
                "ProtectHome=read-only",
                "PrivateTmp=yes",
                "PrivateDevices=yes",
                "NoNewPrivileges=yes",
                "AmbientCapabilities=CAP_IPC_LOCK",
                "CapabilityBoundingSet=CAP_SYSLOG CAP_IPC_LOCK",
                "LimitMEMLOCK=infinity",
                "Restart=always",
                "ExecReload=/bin/kill --signal HUP $MAINPID",
                "KillSignal=SIGTERM",
                "LimitCORE=0",
                "ConditionFileNotEmpty=/etc/vault.d/vault.hcl",
            ]) {
                assert.ok(unit.split("\n").includes(line), `missing ${line}`);
            }
        });

        it("passes systemd-analyze verify with nothing printed", function () {
            requireTool(this, "systemd-analyze");
            const run = verifyUnit(unit);
            assert.strictEqual(run.status, 0, run.stderr);
            assert.strictEqual((run.stdout + run.stderr).trim(), "", "systemd-analyze complained");
        });

        it("the verifier is not blind: an unknown directive is reported", function () {
            requireTool(this, "systemd-analyze");
            const run = verifyUnit(unit.replace("PrivateTmp=yes", "PrivateTemp=yes"));
            assert.match(run.stdout + run.stderr, /PrivateTemp/);
        });
    });
});

/** systemd-analyze verify resolves ExecStart binaries and dependencies inside --root: give it the system units and stubs. */
function verifyUnit(unit: string) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "unit-"));
    fs.cpSync("/lib/systemd/system", path.join(root, "lib/systemd/system"), { recursive: true, verbatimSymlinks: true });
    for (const bin of ["usr/local/bin/vault", "bin/kill"]) {
        fs.mkdirSync(path.join(root, path.dirname(bin)), { recursive: true });
        fs.writeFileSync(path.join(root, bin), "#!/bin/sh\n", { mode: 0o755 });
    }
    fs.mkdirSync(path.join(root, "etc/systemd/system"), { recursive: true });
    fs.writeFileSync(path.join(root, "etc/systemd/system/vault.service"), unit);
    return spawnSync("systemd-analyze", ["verify", "--man=no", `--root=${root}`, "/etc/systemd/system/vault.service"], { encoding: "utf8" });
}
