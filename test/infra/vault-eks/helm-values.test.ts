import * as assert from "assert";
import { parse } from "@cdktf/hcl2json";
import { renderHelmValues, TLS_MOUNT } from "../../../infra/vault-eks/helm-values";
import { spawnSync } from "child_process";
import { snapshotScript, uploadScript } from "../../../infra/vault-eks/snapshot-job";
import { validateChartValues } from "../../support/helm-schema";
import { requireTool } from "../../support/tools";

const SETTINGS = {
    region: "eu-west-1",
    unsealKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
    irsaRoleArn: "arn:aws:iam::123456789012:role/vault-irsa",
    replicas: 5,
    vaultVersion: "2.0.4",
    namespace: "vault",
    tlsSecretName: "vault-tls",
    storageClass: "vault-gp3-encrypted",
    dataStorageSize: "20Gi",
    auditStorageSize: "10Gi",
    injectorEnabled: false,
    deleteVolumesWithRelease: false,
};
const values = renderHelmValues(SETTINGS);

describe("vault chart values", () => {
    it("validate against chart 0.34.1's values.schema.json", () => {
        assert.deepStrictEqual(validateChartValues(values), []);
    });

    it("the schema check is not blind: a wrongly typed value fails", () => {
        assert.notDeepStrictEqual(validateChartValues({ server: { ha: { replicas: "five" } } }), []);
    });

    it("run HA Raft with an odd replica count of at least 3, TLS on, UI on, no public service", () => {
        assert.strictEqual(values.server.ha.enabled, true);
        assert.strictEqual(values.server.ha.raft.enabled, true);
        assert.strictEqual(values.server.ha.raft.setNodeId, true);
        assert.strictEqual(values.server.ha.replicas, 5);
        assert.strictEqual(values.global.tlsDisable, false);
        assert.strictEqual(values.ui.enabled, true);
        assert.notStrictEqual(values.server.service.type, "LoadBalancer");
        assert.notStrictEqual(values.ui.serviceType, "LoadBalancer");
        assert.strictEqual(values.server.ha.disruptionBudget.enabled, true);
    });

    it("annotate the service account with the IRSA role and spread pods over hosts and zones", () => {
        assert.strictEqual(values.server.serviceAccount.annotations["eks.amazonaws.com/role-arn"], SETTINGS.irsaRoleArn);
        const anti = values.server.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
        assert.strictEqual(anti[0].topologyKey, "kubernetes.io/hostname");
        assert.strictEqual(values.server.topologySpreadConstraints[0].topologyKey, "topology.kubernetes.io/zone");
        assert.strictEqual(values.server.topologySpreadConstraints[0].whenUnsatisfiable, "DoNotSchedule");
    });

    it("keep data and audit logs on the encrypted class, and report sealed pods unready", () => {
        assert.strictEqual(values.server.dataStorage.storageClass, "vault-gp3-encrypted");
        assert.strictEqual(values.server.auditStorage.enabled, true);
        assert.strictEqual(values.server.auditStorage.storageClass, "vault-gp3-encrypted");
        assert.strictEqual(values.server.readinessProbe.path, "/v1/sys/health?standbyok=true");
    });

    it("carry a raft config (parsed by HashiCorp's HCL parser) with the KMS seal, TLS, and a retry_join per pod", async () => {
        const hcl: any = await parse("raft.hcl", values.server.ha.raft.config);
        // Vault 1.20+ refuses to start on integrated storage without an explicit disable_mlock (found by the rehearsal).
        assert.strictEqual(hcl.disable_mlock, true);
        assert.deepStrictEqual(hcl.seal.awskms, [{ region: "eu-west-1", kms_key_id: SETTINGS.unsealKeyId }]);
        const [listener] = hcl.listener.tcp;
        assert.strictEqual(listener.tls_disable, undefined);
        assert.strictEqual(listener.tls_cert_file, `${TLS_MOUNT}/tls.crt`);
        const [raft] = hcl.storage.raft;
        assert.strictEqual(raft.path, "/vault/data");
        assert.deepStrictEqual(
            raft.retry_join.map((j: any) => j.leader_api_addr),
            [0, 1, 2, 3, 4].map((i) => `https://vault-${i}.vault-internal:8200`),
        );
        for (const j of raft.retry_join) assert.strictEqual(j.leader_ca_cert_file, `${TLS_MOUNT}/ca.crt`);
        assert.ok(hcl.service_registration.kubernetes);
    });
});

describe("Raft snapshot job scripts", () => {
    it("pass shellcheck", function () {
        requireTool(this, "shellcheck");
        for (const script of [snapshotScript(), uploadScript("bucket-1")]) {
            const check = spawnSync("shellcheck", ["--shell=sh", "-"], { input: script, encoding: "utf8" });
            assert.strictEqual(check.status, 0, check.stdout);
        }
    });
});

describe("the pods' certificate reloader and Raft timing", () => {
    it("the reloader script passes shellcheck as POSIX sh (Vault's image runs busybox sh)", function () {
        requireTool(this, "shellcheck");
        const [reloader] = values.server.extraContainers;
        const check = spawnSync("shellcheck", ["--shell=sh", "-"], { input: reloader.command[2], encoding: "utf8" });
        assert.strictEqual(check.status, 0, check.stdout);
        assert.strictEqual(values.server.shareProcessNamespace, true);
        assert.strictEqual(reloader.securityContext.runAsUser, 100, "Vault's user, so it may signal Vault");
    });

    it("Raft runs at performance_multiplier 1; metrics are unauthenticated only on their own listener", async () => {
        const hcl: any = await parse("raft.hcl", values.server.ha.raft.config);
        assert.strictEqual(hcl.storage.raft[0].performance_multiplier, 1);
        const [api, metrics] = hcl.listener.tcp;
        assert.strictEqual(api.address, "[::]:8200");
        assert.strictEqual(api.telemetry, undefined, "the API listener, behind the load balancer, needs a token for metrics");
        assert.strictEqual(metrics.address, "[::]:8205");
        assert.deepStrictEqual(metrics.telemetry, [{ unauthenticated_metrics_access: true }]);
    });
});
