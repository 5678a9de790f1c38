// Class check: the EC2 boot script against Amazon Linux 2023's packaging facts, for every shipped stack's settings.
import * as assert from "assert";
import { renderUserData } from "../../infra/vault-ec2/user-data";
import { packagingProblems } from "../support/al2023-packaging";

describe("the boot script fits Amazon Linux 2023's packaging", () => {
    const settings = {
        region: "eu-west-1",
        tableName: "t",
        unsealKeyId: "k",
        forwardedForCidrs: ["10.0.0.0/16"],
        downloadUrl: "https://releases.hashicorp.com/vault",
        auditLogGroup: "strongroom-dev-vault-audit",
    };

    for (const arch of ["arm64", "amd64"] as const) {
        it(`installs no package that conflicts or does not exist, and every command it runs is there (${arch})`, () => {
            assert.deepStrictEqual(packagingProblems(renderUserData({ ...settings, vaultVersion: "2.0.4", arch })), []);
        });
    }

    it("the check is not blind: the first version's gnupg2, an unknown package and a missing install are caught", () => {
        assert.deepStrictEqual(packagingProblems("dnf install -y -q unzip openssl gnupg2\n"), [
            "installs gnupg2, which conflicts with the preinstalled gnupg2-minimal",
        ]);
        assert.deepStrictEqual(packagingProblems("dnf install -y vault-enterprise\n"), ["installs vault-enterprise, which is not a known AL2023 package"]);
        assert.deepStrictEqual(packagingProblems("set -e\nunzip -o x.zip\n"), ["runs unzip but does not install unzip"]);
    });
});
