// Every Kubernetes object a stack creates, as the API server will receive it: the objects the program registers
// itself (from the offline run's recorded kubernetes:* resources) and the rendered chart's; plus the Pods the
// StatefulSet and CronJob controllers would create from their templates, which is where Pod Security is enforced.
import { OfflineRun } from "../offline/recorder";
import { Manifest } from "./client";

/** Helm's install order (pkg/release/util/kind_sorter.go): what other objects refer to goes first. */
const INSTALL_ORDER = [
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleBinding",
    "Role",
    "RoleBinding",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

export function installOrder(manifests: Manifest[]): Manifest[] {
    const rank = (m: Manifest) => (INSTALL_ORDER.includes(m.kind) ? INSTALL_ORDER.indexOf(m.kind) : INSTALL_ORDER.length);
    return [...manifests].sort((a, b) => rank(a) - rank(b));
}

/** The kubernetes:* resources the program registers itself (not the Helm release), as manifests. */
export function stackManifests(run: OfflineRun): Manifest[] {
    return run.resources
        .filter((r) => r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release" && r.custom)
        .map((r) => {
            const { apiVersion, kind } = r.inputs;
            if (!apiVersion || !kind) throw new Error(`${r.type} ${r.name}: recorded without apiVersion/kind`);
            if (!r.inputs.metadata?.name) throw new Error(`${r.type} ${r.name}: has no metadata.name (an auto-named object cannot be found again by name)`);
            return r.inputs as Manifest;
        });
}

/** A StatefulSet's pods as its controller creates them: name, identity labels, hostname, and a claim per volume template. */
export function statefulSetPods(sts: Manifest): Manifest[] {
    const { template, replicas, serviceName, volumeClaimTemplates = [] } = sts.spec;
    return [...Array(replicas ?? 1).keys()].map((i) => {
        const name = `${sts.metadata.name}-${i}`;
        const claims = volumeClaimTemplates.map((t: Manifest) => ({
            name: t.metadata.name,
            persistentVolumeClaim: { claimName: `${t.metadata.name}-${name}` },
        }));
        return {
            apiVersion: "v1",
            kind: "Pod",
            metadata: {
                ...template.metadata,
                name,
                namespace: sts.metadata.namespace,
                labels: { ...template.metadata?.labels, "statefulset.kubernetes.io/pod-name": name, "apps.kubernetes.io/pod-index": String(i) },
            },
            spec: { ...template.spec, hostname: name, subdomain: serviceName, volumes: [...(template.spec.volumes ?? []), ...claims] },
        };
    });
}

/** The pod one run of a CronJob creates (through its Job). */
export function cronJobPod(cronJob: Manifest, run = "manual"): Manifest {
    const template = cronJob.spec.jobTemplate.spec.template;
    const name = `${cronJob.metadata.name}-${run}`;
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { ...template.metadata, name, namespace: cronJob.metadata.namespace, labels: { ...template.metadata?.labels, "job-name": name } },
        spec: template.spec,
    };
}
