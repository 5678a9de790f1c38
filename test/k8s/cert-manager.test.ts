// cert-manager for real against a real kube-apiserver: its CRDs, from its own chart at the release the stack pins,
// judge the stack's Issuer and Certificate server-side (and refuse malformed ones); its controller, built from the
// same module, running as the chart's service account, issues the stack's Certificate into the Secret the Vault pods
// mount, and renews it by itself. Vault serving a renewed certificate without a restart:
// test/rehearsal/certificate-reload.test.ts.
import * as assert from "assert";
import { X509Certificate } from "crypto";
import * as fs from "fs";
import { CERT_MANAGER_CHART } from "../../infra/vault-eks/cert-manager-chart";
import { vaultDnsNames } from "../../infra/vault-eks/vault-tls";
import { ChartRelease } from "../../scripts/k8s/chart";
import { Manifest } from "../../scripts/k8s/client";
import {
    certManagerRelease,
    CertManagerProcess,
    installCertManager,
    issuedSecret,
    renderCertManager,
    startCertManager,
    withCaPair,
} from "../../scripts/k8s/cert-manager";
import { ControlPlane } from "../../scripts/k8s/control-plane";
import { installOrder, stackManifests } from "../../scripts/k8s/objects";
import { OfflineRun } from "../../scripts/offline/recorder";
import { stopEverything, waitUntil } from "../../scripts/rehearse/children";
import { crdMutations } from "../support/crd-mutations";
import { prodControlPlane, requireParts, stackKubernetesVersion } from "../support/k8s";
import { testCa } from "../support/test-ca";

const decode = (secret: any, key: string) => Buffer.from(secret.data[key], "base64").toString("utf8");

describe("cert-manager for real: its CRDs judge the stack's objects, its controller issues and renews the Vault certificate", function () {
    this.timeout(240_000);
    let workDir: string;
    let cp: ControlPlane;
    let run: OfflineRun;
    let release: ChartRelease;
    let rendered: Manifest[];
    let own: Manifest[];
    let controller: CertManagerProcess | undefined;
    const ca = () => testCa();

    before(async function () {
        requireParts(this, "kube-apiserver", "etcd", "helm", "cert-manager");
        ({ workDir, run, cp } = await prodControlPlane("strongroom-cert-manager-"));
        release = certManagerRelease(run);
        rendered = renderCertManager(release, stackKubernetesVersion("prod"));
        own = installOrder(withCaPair(stackManifests(run), ca()));
    });
    after(async () => {
        await controller?.stop();
        stopEverything();
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    it("the chart the tests render is the release the stack pins, with the CRDs its values enable", () => {
        assert.strictEqual(release.version, CERT_MANAGER_CHART.version);
        assert.deepStrictEqual(release.values, { crds: { enabled: true, keep: true } });
        const crds = rendered.filter((m) => m.kind === "CustomResourceDefinition").map((m) => m.metadata.name);
        assert.deepStrictEqual(crds.sort(), [
            "certificaterequests.cert-manager.io",
            "certificates.cert-manager.io",
            "challenges.acme.cert-manager.io",
            "clusterissuers.cert-manager.io",
            "issuers.cert-manager.io",
            "orders.acme.cert-manager.io",
        ]);
    });

    it("the API server accepts cert-manager's chart (CRDs, RBAC, Deployments) and serves cert-manager.io/v1", async () => {
        await installCertManager(cp.admin, release, rendered);
        const served = (await cp.admin.request("GET", "/apis/cert-manager.io/v1")).body.resources.map((r: any) => r.kind);
        assert.ok(served.includes("Certificate") && served.includes("Issuer"), served.join(", "));
    });

    it("the stack's own objects, its Issuer and Certificate included, are accepted server-side with no warning", async () => {
        // The full list of the stack's own kinds is test/k8s/api-server.test.ts's; here, the two cert-manager reads.
        const custom = own.filter((m) => m.apiVersion === "cert-manager.io/v1").map((m) => m.kind);
        assert.deepStrictEqual(custom.sort(), ["Certificate", "Issuer"]);
        assert.deepStrictEqual(await cp.admin.applyAll(own), { refused: [], warned: [] });
    });

    it("every malformed variant of the stack's Certificate and Issuer, generated from their CRDs' schemas, is refused naming the field", async () => {
        let count = 0;
        for (const kind of ["Certificate", "Issuer"]) {
            const manifest = own.find((m) => m.kind === kind)!;
            const crd = rendered.find((m) => m.kind === "CustomResourceDefinition" && m.spec.names.kind === kind)!;
            const mutations = crdMutations(crd, manifest);
            assert.ok(mutations.length >= (kind === "Certificate" ? 20 : 4), `${kind}: only ${mutations.length} variants`);
            for (const m of mutations) {
                const reply = await cp.admin.apply(m.manifest, { dryRun: true });
                assert.ok(reply.status >= 400, `${kind} with ${m.what}: accepted (HTTP ${reply.status})`);
                assert.match(String(reply.body?.message), m.says, `${kind} with ${m.what}`);
                count++;
            }
            // The generator is not blind: the manifest as the stack makes it passes the same dry run.
            assert.strictEqual((await cp.admin.apply(manifest, { dryRun: true })).status, 200, kind);
        }
        assert.ok(count > 0);
    });

    it("its controller, as the chart's service account, issues the stack's Certificate into the Secret the Vault pods mount", async () => {
        controller = await startCertManager(cp, release, rendered, workDir);
        assert.strictEqual(controller.user, "system:serviceaccount:cert-manager:cert-manager");
        const certificate = own.find((m) => m.kind === "Certificate")!;
        const secret = await issuedSecret(cp.admin, certificate.metadata.namespace!, certificate.metadata.name);
        assert.strictEqual(secret.metadata.name, "vault-server-tls");
        assert.strictEqual(secret.type, "kubernetes.io/tls");
        const cert = new X509Certificate(decode(secret, "tls.crt"));
        assert.ok(cert.verify(new X509Certificate(ca().caCert).publicKey), "signed by the stack's CA");
        assert.strictEqual(decode(secret, "ca.crt"), ca().caCert.trim() + "\n");
        const names = (cert.subjectAltName ?? "").split(", ");
        for (const dns of vaultDnsNames("vault", "eu-west-1")) assert.ok(names.includes(`DNS:${dns}`), `${dns} in ${cert.subjectAltName}`);
        assert.ok(names.includes("IP Address:127.0.0.1"));
        assert.strictEqual(cert.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1", "ECDSA P-256 as the Certificate asks");
        const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
        assert.strictEqual(Math.round(days), 90, "90 days as the Certificate asks");
        const status = (await cp.admin.get("cert-manager.io/v1", "Certificate", certificate.metadata.name, "vault")).body.status;
        assert.strictEqual(Date.parse(status.renewalTime), Date.parse(cert.validTo) - 30 * 86_400_000, "renewal 30 days before expiry");
    });

    it("with a short lifetime (test-only: 1 h, renewed 59 min 50 s before expiry) it renews the Secret by itself when renewBefore says, a new key each time", async () => {
        const certificate = JSON.parse(JSON.stringify(own.find((m) => m.kind === "Certificate")!)) as Manifest;
        // Values cert-manager's webhook would also accept (duration at least 1 h, renewBefore at least 5 min and below it).
        Object.assign(certificate.spec, { duration: "1h", renewBefore: "59m50s" });
        const before = (await cp.admin.get("cert-manager.io/v1", "Certificate", certificate.metadata.name, "vault")).body.status.revision as number;
        assert.deepStrictEqual(await cp.admin.applyAll([certificate]), { refused: [], warned: [] });
        // The spec change re-issues at once; after that, only the clock does: a certificate is renewed 10 s after it is issued.
        const seen: { serial: string; key: string; from: number; to: number }[] = [];
        await waitUntil(
            "three one-hour certificates, the second and third renewals of the one before, with nothing but the controller acting",
            async () => {
                const secret = (await cp.admin.get("v1", "Secret", "vault-server-tls", "vault")).body;
                const cert = new X509Certificate(decode(secret, "tls.crt"));
                const [from, to] = [Date.parse(cert.validFrom), Date.parse(cert.validTo)];
                if (to - from === 3_600_000 && !seen.some((s) => s.serial === cert.serialNumber))
                    seen.push({ serial: cert.serialNumber, key: decode(secret, "tls.key"), from, to });
                return seen.length >= 3;
            },
            120_000,
        );
        for (let i = 1; i < seen.length; i++) {
            const gap = (seen[i].from - seen[i - 1].from) / 1000;
            assert.ok(gap >= 9 && gap <= 40, `certificate ${i + 1} was issued ${gap} s after the one before; renewBefore puts it 10 s after`);
        }
        assert.strictEqual(new Set(seen.map((s) => s.key)).size, seen.length, "rotationPolicy Always: a new key with each certificate");
        // Each issuance is a revision of the Certificate, the status cert-manager keeps.
        await waitUntil(
            "the Certificate's status to count the revisions",
            async () => (await cp.admin.get("cert-manager.io/v1", "Certificate", certificate.metadata.name, "vault")).body.status.revision >= before + 3,
            30_000,
        );
    });
});
