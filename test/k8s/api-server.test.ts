// Every Kubernetes object a stack creates, applied server-side to a real kube-apiserver (built from k8s.io/kubernetes
// at the stack's Kubernetes version, on loopback with etcd): the objects the program registers itself (its
// cert-manager Issuer and Certificate judged by cert-manager's real CRDs, from its chart at the pinned release), the
// rendered chart's, and the pods their controllers would create, admitted under the Pod Security level the namespace
// declares. cert-manager's controller issuing and renewing for real: test/k8s/cert-manager.test.ts.
import * as assert from "assert";
import * as fs from "fs";
import { only } from "../../scripts/k8s/chart";
import { Manifest } from "../../scripts/k8s/client";
import { ControlPlane } from "../../scripts/k8s/control-plane";
import { certManagerRelease, installCertManager, renderCertManager, withCaPair } from "../../scripts/k8s/cert-manager";
import { cronJobPod, installOrder, stackManifests, statefulSetPods } from "../../scripts/k8s/objects";
import { OfflineRun } from "../../scripts/offline/recorder";
import { stopEverything } from "../../scripts/rehearse/children";
import { POD_SECURITY_LEVEL } from "../../infra/vault-eks/pod-security";
import { EKS_VARIANTS, prodControlPlane, renderRecorded, requireParts, stackKubernetesVersion } from "../support/k8s";
import { planWith } from "../support/stack";
import { testCa } from "../support/test-ca";

describe("a real kube-apiserver accepts every Kubernetes object the stack creates", function () {
    this.timeout(180_000);
    let workDir: string;
    let cp: ControlPlane;
    let run: OfflineRun;

    before(async function () {
        requireParts(this, "kube-apiserver", "etcd", "helm", "cert-manager");
        ({ workDir, run, cp } = await prodControlPlane("strongroom-k8s-"));
        // cert-manager's chart as the stack's release installs it: its CRDs judge the stack's Issuer and Certificate.
        const release = certManagerRelease(run);
        await installCertManager(cp.admin, release, renderCertManager(release, stackKubernetesVersion("prod")));
    });
    after(() => {
        stopEverything();
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    it("runs the Kubernetes version the stack deploys", async () => {
        const version = (await cp.admin.request("GET", "/version")).body;
        assert.strictEqual(
            `${version.major}.${version.minor}`,
            stackKubernetesVersion("prod"),
            "rebuild scripts/tools/kube-apiserver.sh at the stack's kubernetesVersion",
        );
    });

    it("the stack's own objects (namespace, storage class, CA secret, cert-manager Issuer and Certificate, snapshot service account and CronJob, load balancer Service, the health probe's pod-listing Role) are accepted", async () => {
        const own = installOrder(withCaPair(stackManifests(run), testCa()));
        assert.deepStrictEqual(own.map((m) => m.kind).sort(), [
            "Certificate",
            "CronJob",
            "Issuer",
            "Namespace",
            "Role",
            "RoleBinding",
            "Secret",
            "Service",
            "ServiceAccount",
            "StorageClass",
        ]);
        assert.deepStrictEqual(await cp.admin.applyAll(own), { refused: [], warned: [] });
    });

    it(`the namespace enforces Pod Security's ${POD_SECURITY_LEVEL} level, and the snapshot job's pod passes it`, async () => {
        const ns = (await cp.admin.get("v1", "Namespace", "vault")).body;
        assert.strictEqual(ns.metadata.labels["pod-security.kubernetes.io/enforce"], POD_SECURITY_LEVEL);
        const cronJob = stackManifests(run).find((m) => m.kind === "CronJob")!;
        assert.deepStrictEqual(await cp.admin.applyAll([cronJobPod(cronJob)]), { refused: [], warned: [] });
    });

    it("a refused object fails the check: a privileged pod, a pod with a capability added, a Service with no port", async () => {
        const cronJob = stackManifests(run).find((m) => m.kind === "CronJob")!;
        const pod = cronJobPod(cronJob, "mutated");
        const container = pod.spec.containers[0];
        const privileged = {
            ...pod,
            spec: {
                ...pod.spec,
                containers: [{ ...container, securityContext: { ...container.securityContext, allowPrivilegeEscalation: true, privileged: true } }],
            },
        };
        const ipcLock = {
            ...pod,
            spec: {
                ...pod.spec,
                containers: [{ ...container, securityContext: { ...container.securityContext, capabilities: { drop: ["ALL"], add: ["IPC_LOCK"] } } }],
            },
        };
        const nlb = stackManifests(run).find((m) => m.kind === "Service")!;
        const broken: Manifest = { ...nlb, metadata: { ...nlb.metadata, name: "broken" }, spec: { ...nlb.spec, ports: [] } };
        const { refused } = await cp.admin.applyAll([privileged, ipcLock, broken], { dryRun: true });
        assert.strictEqual(refused.length, 3, refused.join("\n"));
        assert.match(refused[0], /violates PodSecurity "restricted:latest": privileged/);
        assert.match(refused[1], /violates PodSecurity "restricted:latest": unrestricted capabilities.*IPC_LOCK/);
        assert.match(refused[2], /HTTP 422 .*spec\.ports: Required value/);
    });

    describe("with the rendered chart", () => {
        let rendered: Manifest[];
        before(async function () {
            requireParts(this, "helm");
            rendered = renderRecorded(run);
        });

        it("every object the chart renders is accepted, with no warning", async () => {
            assert.deepStrictEqual(await cp.admin.applyAll(installOrder(rendered)), { refused: [], warned: [] });
        });

        it(`the Vault pods the StatefulSet creates pass Pod Security's ${POD_SECURITY_LEVEL} level`, async () => {
            const pods = statefulSetPods(only(rendered, "StatefulSet"));
            assert.strictEqual(pods.length, 5);
            assert.deepStrictEqual(await cp.admin.applyAll(pods), { refused: [], warned: [] });
            const stored = await cp.admin.list("v1", "Pod", "vault", { component: "server" });
            assert.strictEqual(stored.length, 5);
        });

        it("the chart's RBAC gives Vault's service account what service registration and Kubernetes auth need, and the snapshot job's nothing more", async () => {
            const [pod] = await cp.admin.list("v1", "Pod", "vault", { "statefulset.kubernetes.io/pod-name": "vault-0" });
            const vault = cp.admin.as(await cp.admin.token("vault", "vault", { name: pod.metadata.name, uid: pod.metadata.uid }));
            const label = { metadata: { labels: { "vault-active": "false" } } };
            const patch = (client: typeof vault) => client.request("PATCH", "/api/v1/namespaces/vault/pods/vault-0", label, "application/merge-patch+json");
            assert.strictEqual((await patch(vault)).status, 200, "service registration patches its pod's labels");
            assert.strictEqual(
                (
                    await vault.request("POST", "/apis/authentication.k8s.io/v1/tokenreviews", {
                        apiVersion: "authentication.k8s.io/v1",
                        kind: "TokenReview",
                        spec: { token: "x" },
                    })
                ).status,
                201,
                "Kubernetes auth reviews tokens (system:auth-delegator)",
            );
            const snapshot = cp.admin.as(await cp.admin.token("vault", "vault-snapshot"));
            assert.strictEqual((await patch(snapshot)).status, 403, "the snapshot job may not relabel Vault's pods");
        });
    });

    describe("for every variant of the eks stack", () => {
        before(function () {
            requireParts(this, "helm");
        });
        for (const variant of EKS_VARIANTS.filter((v) => v.name !== "prod")) {
            it(`${variant.name}: every object and every pod is admitted`, async () => {
                const variantRun = await planWith("prod", variant.edit, `prod-${variant.name}`);
                const rendered = renderRecorded(variantRun);
                const objects = installOrder([...withCaPair(stackManifests(variantRun), testCa()), ...rendered]);
                const pods = [...statefulSetPods(only(rendered, "StatefulSet")), cronJobPod(objects.find((m) => m.kind === "CronJob")!)];
                const injector = rendered.find((m) => m.kind === "Deployment");
                if (injector)
                    pods.push({
                        apiVersion: "v1",
                        kind: "Pod",
                        metadata: { ...injector.spec.template.metadata, name: "injector", namespace: injector.metadata.namespace },
                        spec: injector.spec.template.spec,
                    });
                // Its StorageClass names another data key: `pulumi up` replaces one whose parameters change, deleting the
                // old first (same name; pulumi-kubernetes provider/pkg/provider/diff.go and provider.go Diff).
                await cp.admin.request("DELETE", "/apis/storage.k8s.io/v1/storageclasses/vault-gp3-encrypted");
                // Pods are checked without being stored, under names no stored pod has (dry run): admission, Pod Security included, runs all the same.
                assert.deepStrictEqual(await cp.admin.applyAll(objects), { refused: [], warned: [] });
                const renamed = pods.map((p) => ({ ...p, metadata: { ...p.metadata, name: `${p.metadata.name}-${variant.name}` } }));
                assert.deepStrictEqual(await cp.admin.applyAll(renamed, { dryRun: true }), { refused: [], warned: [] });
            });
        }
    });
});
