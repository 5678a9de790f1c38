// Class: vaultDownloadUrl is reachable by the nodes: https on the one port their security group lets out
// (NODE_EGRESS_PORT, read back here from the planned egress rule), no credentials, no query or fragment.
import * as assert from "assert";
import { NODE_EGRESS_PORT } from "../../infra/vault-ec2/security-groups";
import { accepted, refused } from "../support/config-verdict";
import { one, planStack } from "../support/stack";

const KEY = "strongroom:vaultDownloadUrl";

describe("config class: the Vault release mirror", () => {
    it("the port the check allows is the port the nodes' security group lets out on, as planned", async () => {
        const egress = one(await planStack("dev"), "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "-node-https");
        assert.strictEqual(egress.inputs.cidrIpv4, "0.0.0.0/0");
        assert.deepStrictEqual([egress.inputs.fromPort, egress.inputs.toPort], [NODE_EGRESS_PORT, NODE_EGRESS_PORT]);
    });

    it("takes only that port, spelt or implied; every other port just inside and outside is refused", () => {
        for (const url of [
            "https://artifacts.example.com/vault",
            `https://artifacts.example.com:${NODE_EGRESS_PORT}/vault`,
            "https://artifacts.example.com/vault/",
        ]) {
            accepted("dev", { [KEY]: url }, url);
        }
        for (const port of [1, 80, NODE_EGRESS_PORT - 1, NODE_EGRESS_PORT + 1, 8443, 65535]) {
            assert.match(
                refused("dev", { [KEY]: `https://artifacts.example.com:${port}/vault` }, KEY, String(port)).message,
                new RegExp(`on ${NODE_EGRESS_PORT} only`),
            );
        }
        refused("dev", { [KEY]: "http://artifacts.example.com/vault" }, KEY, "plain http");
    });

    it("refuses credentials, a query or a fragment in the URL", () => {
        for (const url of [
            "https://user:secret@artifacts.example.com/vault",
            "https://user@artifacts.example.com/vault",
            "https://artifacts.example.com/vault?token=x",
            "https://artifacts.example.com/vault#v",
        ]) {
            refused("dev", { [KEY]: url }, KEY, url);
        }
    });
});
