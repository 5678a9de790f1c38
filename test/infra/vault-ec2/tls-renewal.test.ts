// The node certificate's renewal files, checked by the real tools: shellcheck for the script, systemd-analyze for the
// timer and its service. (The script itself runs against a real Vault in test/rehearsal/certificate-reload.test.ts.)
import * as assert from "assert";
import { spawnSync } from "child_process";
import { RENEW_SCRIPT, renderTlsRenewScript, renderTlsRenewUnits, tlsRenewalBootLines } from "../../../infra/vault-ec2/tls-renewal";
import { renderUserData } from "../../../infra/vault-ec2/user-data";
import { verifyUnits } from "../../support/systemd-verify";
import { requireTool } from "../../support/tools";

describe("node certificate renewal", () => {
    it("the script passes shellcheck", function () {
        requireTool(this, "shellcheck");
        const check = spawnSync("shellcheck", ["--shell=bash", "--severity=style", "-"], { input: renderTlsRenewScript("/opt/vault/tls"), encoding: "utf8" });
        assert.strictEqual(check.status, 0, check.stdout);
    });

    it("the timer and its service pass systemd-analyze verify with nothing printed", function () {
        requireTool(this, "systemd-analyze");
        const units = renderTlsRenewUnits();
        const run = verifyUnits({ "vault-tls-renew.service": units.service, "vault-tls-renew.timer": units.timer }, [RENEW_SCRIPT.slice(1)]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.strictEqual((run.stdout + run.stderr).trim(), "", "systemd-analyze complained");
    });

    it("the boot script installs both and starts the timer after the units are loaded", () => {
        const userData = renderUserData({
            region: "eu-west-1",
            tableName: "t",
            unsealKeyId: "k",
            forwardedForCidrs: ["10.0.0.0/16"],
            downloadUrl: "https://releases.hashicorp.com/vault",
            auditLogGroup: "g",
            vaultVersion: "2.0.4",
            arch: "arm64",
        });
        assert.ok(userData.includes(tlsRenewalBootLines("/opt/vault/tls")));
        assert.ok(userData.indexOf("systemctl daemon-reload") < userData.indexOf("systemctl enable --now vault-tls-renew.timer"));
    });
});
