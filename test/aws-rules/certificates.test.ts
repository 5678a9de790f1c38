// Class check: every certificate a stack issues has a renewal path that needs no person (or, for a pinned trust
// anchor, the routine deploys it will see) and a reload path to the server presenting it, over every shipped and
// example stack (test/support/certificates.ts). The paths themselves run for real in
// test/rehearsal/certificate-reload.test.ts.
import * as assert from "assert";
import { readStackConfig, shippedStacks } from "../../scripts/offline/stacks";
import { RecordedResource } from "../../scripts/offline/recorder";
import { issuedCertificates } from "../support/certificates";
import { editedConfig, planConfig } from "../support/stack";

describe("every certificate has a renewal and a reload path", function () {
    this.timeout(300_000);
    for (const stack of shippedStacks()) {
        it(`stack ${stack}`, async () => {
            const found = issuedCertificates((await planConfig(stack, readStackConfig(stack))).resources);
            assert.ok(found.length > 0, "every stack issues certificates");
            assert.deepStrictEqual(
                found.flatMap((c) => c.problems),
                [],
            );
        });
    }

    it("covers what each layout issues: CA, server certificate (EKS); ALB anchor, node certificates (EC2)", async () => {
        const eks = issuedCertificates((await planConfig("prod", readStackConfig("prod"))).resources).map((c) => c.where);
        assert.deepStrictEqual(eks, ["strongroom-prod-vault-tls-ca", "strongroom-prod-vault-tls-server"]);
        const ec2 = issuedCertificates((await planConfig("dev", readStackConfig("dev"))).resources).map((c) => c.where);
        assert.deepStrictEqual(ec2, ["strongroom-dev-vault-lb-tls-cert", "strongroom-dev-vault-node (user data)"]);
    });

    it("the check is not blind: the first version's one-year server certificate, the 3-year ALB certificate, no reloader and no renewal timer are caught", async () => {
        const prod = (await planConfig("prod", editedConfig("prod", {}))).resources;
        const dev = (await planConfig("dev", editedConfig("dev", {}))).resources;
        const base = { urn: "u", custom: true, propertyDependencies: {} };
        const oldServer: RecordedResource = {
            ...base,
            type: "tls:index/locallySignedCert:LocallySignedCert",
            name: "strongroom-prod-vault-tls-server",
            inputs: { validityPeriodHours: 8760, earlyRenewalHours: 720 },
        };
        assert.match(issuedCertificates([oldServer])[0].problems[0], /renewed only if someone runs pulumi up in its last 720 hours/);
        const edit = (resources: readonly RecordedResource[], match: (r: RecordedResource) => boolean, change: (i: any) => void) =>
            resources.map((r) => {
                if (!match(r)) return r;
                const inputs = JSON.parse(JSON.stringify(r.inputs));
                change(inputs);
                return { ...r, inputs };
            });
        const oldAlb = edit(
            dev,
            (r) => r.type === "tls:index/selfSignedCert:SelfSignedCert",
            (i) => Object.assign(i, { validityPeriodHours: 26280, earlyRenewalHours: 720 }),
        );
        assert.match(issuedCertificates(oldAlb).flatMap((c) => c.problems)[0], /a trust anchor valid 26280 h with 720 h of early renewal/);
        const noReloader = edit(
            prod,
            (r) => r.name.endsWith("-vault-vault"),
            (i) => (i.values.server.extraContainers = []),
        );
        assert.match(issuedCertificates(noReloader).flatMap((c) => c.problems)[0], /no sidecar sharing the pod's processes sends Vault SIGHUP/);
        const noTimer = edit(
            dev,
            (r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate",
            (i) => {
                const script = Buffer.from(i.userData, "base64").toString("utf8").replace("systemctl enable --now vault-tls-renew.timer", "");
                i.userData = Buffer.from(script).toString("base64");
            },
        );
        assert.match(issuedCertificates(noTimer).flatMap((c) => c.problems)[0], /issues the node's certificate, and nothing renews it/);
        const noRenewBefore = edit(
            prod,
            (r) => r.type === "kubernetes:cert-manager.io/v1:Certificate",
            (i) => delete i.spec.renewBefore,
        );
        assert.match(issuedCertificates(noRenewBefore).flatMap((c) => c.problems)[0], /renewBefore undefined must be set/);
    });
});
