// The pinned vault chart rendered by the real Helm with exactly the values the stack records: what the pods really
// get (their config file, command, environment, probes, security context, volumes) and what the Services select.
import * as assert from "assert";
import { parse } from "@cdktf/hcl2json";
import { only, recordedRelease, renderChart } from "../../scripts/k8s/chart";
import { Manifest } from "../../scripts/k8s/client";
import { stackManifests, statefulSetPods } from "../../scripts/k8s/objects";
import { OfflineRun } from "../../scripts/offline/recorder";
import { TLS_MOUNT } from "../../infra/vault-eks/helm-values";
import { EKS_VARIANTS, renderRecorded, requireParts } from "../support/k8s";
import { planStack, planWith } from "../support/stack";

const CONFIG_KEY = "extraconfig-from-values.hcl";

/** The config file the pods mount (the chart's ConfigMap), as text. */
function mountedConfig(manifests: Manifest[]): string {
    return only(manifests, "ConfigMap", "vault-config").data[CONFIG_KEY];
}

function vaultContainer(manifests: Manifest[]): any {
    return only(manifests, "StatefulSet").spec.template.spec.containers.find((c: any) => c.name === "vault");
}

function env(container: any): Map<string, any> {
    return new Map(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

/** Names the pod's start script substitutes in the config with sed (`s|HOST_IP|...|g`), read from the script itself. */
function placeholders(container: any): string[] {
    return [...String(container.args[0]).matchAll(/sed -Ei "s\|([A-Z_]+)\|/g)].map((m) => m[1]);
}

/** True when `selector` picks pods labelled `labels`. */
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe("the vault chart rendered by Helm with the stack's recorded values", function () {
    this.timeout(120_000);
    let run: OfflineRun;
    let rendered: Manifest[];

    before(async function () {
        requireParts(this, "helm");
        run = await planStack("prod");
        rendered = renderRecorded(run);
    });

    it("renders the objects an HA Raft release needs, and nothing public", () => {
        const kinds = rendered.map((m) => `${m.kind}/${m.metadata.name}`).sort();
        assert.deepStrictEqual(kinds, [
            "ClusterRoleBinding/vault-server-binding",
            "ConfigMap/vault-config",
            "PodDisruptionBudget/vault",
            "Role/vault-discovery-role",
            "RoleBinding/vault-discovery-rolebinding",
            "Service/vault",
            "Service/vault-active",
            "Service/vault-internal",
            "Service/vault-standby",
            "Service/vault-ui",
            "ServiceAccount/vault",
            "StatefulSet/vault",
        ]);
        for (const service of rendered.filter((m) => m.kind === "Service")) assert.notStrictEqual(service.spec.type, "LoadBalancer", service.metadata.name);
        assert.match(only(rendered, "ServiceAccount", "vault").metadata.annotations?.["eks.amazonaws.com/role-arn"] ?? "", /^arn:aws:iam::\d{12}:role\/./);
    });

    it("the config file the pods mount parses with HashiCorp's HCL parser, with no attribute given twice", async () => {
        const text = mountedConfig(rendered);
        const hcl: any = await parse("extraconfig-from-values.hcl", text);
        // The chart appends `disable_mlock = true` unless the config sets it: exactly one must reach the pods.
        assert.strictEqual([...text.matchAll(/^\s*disable_mlock\s*=/gm)].length, 1);
        assert.strictEqual(hcl.disable_mlock, true);
        assert.ok(hcl.service_registration.kubernetes, 'service_registration "kubernetes" sets the vault-active label the Services select on');
        assert.strictEqual(hcl.storage.raft[0].retry_join.length, 5);
    });

    it("the duplicate check is not blind: HCL refuses an attribute given twice, as Vault 2.x does", async () => {
        await assert.rejects(parse("dup.hcl", `${mountedConfig(rendered)}\ndisable_mlock = true\n`), /redefined|duplicate/i);
    });

    it("the pod's start script leaves the config as rendered: no sed placeholder occurs in it by accident", () => {
        const container = vaultContainer(rendered);
        const names = placeholders(container);
        assert.ok(names.includes("POD_IP") && names.includes("HOSTNAME"), `placeholders read from the script: ${names.join(", ")}`);
        const text = mountedConfig(rendered);
        assert.deepStrictEqual(
            names.filter((n) => text.includes(n)),
            [],
        );
        assert.match(container.args[0], /cp \/vault\/config\/extraconfig-from-values\.hcl \/tmp\/storageconfig\.hcl/);
        assert.match(container.args[0], /docker-entrypoint\.sh vault server -config=\/tmp\/storageconfig\.hcl/);
        assert.deepStrictEqual(container.command, ["/bin/sh", "-ec"]);
    });

    it("the files the config names are where the pod mounts them: TLS from the Secret, Raft data on its volume", async () => {
        const hcl: any = await parse("c.hcl", mountedConfig(rendered));
        const container = vaultContainer(rendered);
        const podSpec = only(rendered, "StatefulSet").spec.template.spec;
        const mountOf = (volume: string) => container.volumeMounts.find((m: any) => m.name === volume)?.mountPath;
        const issued = stackManifests(run).find((m) => m.kind === "Certificate")!.spec.secretName;
        const tlsVolume = podSpec.volumes.find((v: any) => v.secret?.secretName === issued);
        assert.ok(tlsVolume, `a volume from the ${issued} Secret cert-manager issues`);
        for (const file of [
            hcl.listener.tcp[0].tls_cert_file,
            hcl.listener.tcp[0].tls_key_file,
            ...hcl.storage.raft[0].retry_join.map((j: any) => j.leader_ca_cert_file),
        ]) {
            assert.ok(file.startsWith(`${mountOf(tlsVolume.name)}/`), `${file} is under the TLS mount ${mountOf(tlsVolume.name)}`);
        }
        assert.strictEqual(mountOf("data"), hcl.storage.raft[0].path);
        assert.strictEqual(mountOf("config"), "/vault/config");
        assert.strictEqual(podSpec.volumes.find((v: any) => v.name === "config").configMap.name, "vault-config");
        const claims = only(rendered, "StatefulSet").spec.volumeClaimTemplates;
        assert.deepStrictEqual(
            claims.map((c: any) => [c.metadata.name, c.spec.storageClassName]),
            [
                ["data", "vault-gp3-encrypted"],
                ["audit", "vault-gp3-encrypted"],
            ],
        );
    });

    it("each retry_join address is a pod of this StatefulSet through its headless Service", async () => {
        const hcl: any = await parse("c.hcl", mountedConfig(rendered));
        const sts = only(rendered, "StatefulSet");
        const headless = only(rendered, "Service", sts.spec.serviceName);
        assert.strictEqual(headless.spec.clusterIP, "None");
        assert.strictEqual(headless.spec.publishNotReadyAddresses, true, "peers must resolve before they are ready (unsealed)");
        const pods = statefulSetPods(sts).map((p) => `https://${p.spec.hostname}.${p.spec.subdomain}:8200`);
        assert.deepStrictEqual(
            hcl.storage.raft[0].retry_join.map((j: any) => j.leader_api_addr),
            pods,
        );
    });

    it("the environment gives Vault its pod's identity for Raft and service registration, and its CA", () => {
        const e = env(vaultContainer(rendered));
        assert.deepStrictEqual(e.get("VAULT_K8S_POD_NAME"), { fieldRef: { fieldPath: "metadata.name" } });
        assert.deepStrictEqual(e.get("VAULT_K8S_NAMESPACE"), { fieldRef: { fieldPath: "metadata.namespace" } });
        assert.deepStrictEqual(e.get("VAULT_RAFT_NODE_ID"), { fieldRef: { fieldPath: "metadata.name" } });
        assert.strictEqual(e.get("VAULT_API_ADDR"), "https://$(POD_IP):8200");
        assert.strictEqual(e.get("VAULT_CLUSTER_ADDR"), "https://$(HOSTNAME).vault-internal:8201");
        assert.strictEqual(e.get("VAULT_CACERT"), `${TLS_MOUNT}/ca.crt`);
        assert.strictEqual(e.get("SKIP_SETCAP"), "true");
    });

    it("probes report a sealed or uninitialised pod unready, over TLS", () => {
        const probe = vaultContainer(rendered).readinessProbe;
        assert.deepStrictEqual(probe.httpGet, { path: "/v1/sys/health?standbyok=true", port: 8200, scheme: "HTTPS" });
        assert.strictEqual(
            vaultContainer(rendered).livenessProbe,
            undefined,
            "no liveness probe: a sealed pod must not be restarted in a loop during a KMS outage",
        );
    });

    it("pods run as the chart's non-root user with no capability, no privilege escalation and the runtime's seccomp profile", () => {
        const podSpec = only(rendered, "StatefulSet").spec.template.spec;
        assert.deepStrictEqual(podSpec.securityContext, {
            runAsNonRoot: true,
            runAsUser: 100,
            runAsGroup: 1000,
            fsGroup: 1000,
            seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepStrictEqual(vaultContainer(rendered).securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
        assert.strictEqual(podSpec.serviceAccountName, "vault");
        assert.strictEqual(podSpec.hostNetwork, false);
    });

    it("the active Service and the stack's internal load balancer select exactly the pod labelled vault-active=true", () => {
        const template = only(rendered, "StatefulSet").spec.template.metadata.labels;
        const active = { ...template, "vault-active": "true" };
        const standby = { ...template, "vault-active": "false" };
        const nlb = stackManifests(run).find((m) => m.kind === "Service")!;
        for (const service of [only(rendered, "Service", "vault-active"), nlb]) {
            assert.ok(selects(service.spec.selector, active), `${service.metadata.name} selects the active pod`);
            assert.ok(!selects(service.spec.selector, standby), `${service.metadata.name} does not select a standby`);
            assert.ok(!selects(service.spec.selector, template), `${service.metadata.name} does not select a pod Vault has not labelled`);
        }
        assert.ok(selects(only(rendered, "Service", "vault-standby").spec.selector, standby));
        for (const name of ["vault", "vault-internal"]) assert.ok(selects(only(rendered, "Service", name).spec.selector, template), name);
    });

    it("Helm itself refuses values the chart's schema forbids", () => {
        const release = recordedRelease(run);
        assert.throws(
            () =>
                renderChart(
                    { ...release, values: { ...release.values, server: { ...release.values.server, ha: { ...release.values.server.ha, replicas: "five" } } } },
                    "1.33",
                ),
            /values don't meet the specifications of the schema|replicas/,
        );
    });
});

describe("the vault chart rendered for every variant of the eks stack", function () {
    this.timeout(300_000);
    before(function () {
        requireParts(this, "helm");
    });
    for (const variant of EKS_VARIANTS) {
        it(`${variant.name}: one retry_join per pod, no attribute twice, the namespace everywhere`, async () => {
            const run = await planWith("prod", variant.edit, `prod-${variant.name}`);
            const release = recordedRelease(run);
            const rendered = renderRecorded(run);
            const hcl: any = await parse("c.hcl", mountedConfig(rendered));
            assert.strictEqual(hcl.storage.raft[0].retry_join.length, release.values.server.ha.replicas);
            assert.strictEqual(only(rendered, "StatefulSet").spec.replicas, release.values.server.ha.replicas);
            for (const m of rendered.filter((m) => !/^(Cluster|MutatingWebhook)/.test(m.kind)))
                assert.strictEqual(m.metadata.namespace, release.namespace, `${m.kind}/${m.metadata.name}`);
            assert.strictEqual(
                rendered.some((m) => m.kind === "Deployment" && m.metadata.name === "vault-agent-injector"),
                release.values.injector.enabled,
            );
        });
    }
});
