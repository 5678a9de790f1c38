// What `pulumi up` waits for on each Kubernetes object, as pulumi-kubernetes (the pinned @pulumi/kubernetes, 4.34)
// decides it, and whether that can happen before `npm run vault:init`. The mock runtime creates everything at once;
// the real provider blocks on these conditions and fails the resource after its timeout (10 minutes for a Service).
//
// Sources (pulumi/pulumi-kubernetes):
// - provider/pkg/await/awaiters.go: the per-kind table (Deployment, StatefulSet, DaemonSet, Job, Pod,
//   PersistentVolumeClaim, Service, Ingress await readiness; Namespace, Secret, ServiceAccount, ConfigMap,
//   StorageClass, RBAC, CronJob only exist).
// - provider/pkg/await/service.go: a Service waits for an Endpoints object with targets (no wait for headless,
//   ExternalName or selector-less Services) and, for type LoadBalancer, for status.loadBalancer.ingress.
// - provider/pkg/metadata/overrides.go (ReadyCondition): `pulumi.com/skipAwait: "true"` waits for nothing;
//   `pulumi.com/waitFor` (jsonpath= or condition=, or a JSON list of them) is what is waited for. Since v4.18.4
//   (PR #3344) either annotation replaces the built-in await of kinds that have one.
// - provider/pkg/provider/helm_release.go: a helm.v3.Release installs with `--wait` unless skipAwait, which waits
//   for every workload of the chart to be ready.
import { RecordedResource } from "../../scripts/offline/recorder";

/** Something `pulumi up` waits for. */
export type Condition =
    | { kind: "endpoints"; selector: Record<string, string>; notReadyToo: boolean }
    | { kind: "load-balancer-address" }
    | { kind: "pods-ready"; labels: Record<string, string> }
    | { kind: "job-complete"; talksToVault: boolean }
    | { kind: "pvc-bound" }
    | { kind: "chart-ready"; chart: string }
    | { kind: "jsonpath"; path: string; labels?: Record<string, string> }
    | { kind: "condition"; name: string; apiKind: string };

/** Kinds the provider knows and does not wait on beyond their creation. */
const EXISTS_ONLY = new Set([
    "v1/Namespace",
    "v1/Secret",
    "v1/ServiceAccount",
    "v1/ConfigMap",
    "v1/LimitRange",
    "v1/ResourceQuota",
    "batch/v1/CronJob",
    "storage.k8s.io/v1/StorageClass",
    "rbac.authorization.k8s.io/v1/Role",
    "rbac.authorization.k8s.io/v1/RoleBinding",
    "rbac.authorization.k8s.io/v1/ClusterRole",
    "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
    "policy/v1/PodDisruptionBudget",
]);

/** Custom resources with no built-in await, by group: created is done, unless waitFor says otherwise. */
const CUSTOM_GROUPS = new Set(["cert-manager.io"]);

/** `kubernetes:core/v1:Service` -> `v1/Service`; `kubernetes:cert-manager.io/v1:Issuer` -> `cert-manager.io/v1/Issuer`. */
export function apiKind(type: string): string {
    const [, module, kind] = type.split(":");
    return `${module.replace(/^core\//, "")}/${kind}`;
}

function templateLabels(inputs: any): Record<string, string> {
    return inputs.spec?.template?.metadata?.labels ?? inputs.spec?.selector?.matchLabels ?? {};
}

/** The conditions `pulumi up` waits for on one recorded resource; undefined for a kind the table does not know. */
export function awaitedConditions(r: RecordedResource): Condition[] | undefined {
    const kind = apiKind(r.type);
    if (kind === "helm.sh/v3/Release") return r.inputs.skipAwait === true ? [] : [{ kind: "chart-ready", chart: r.inputs.chart }];
    const annotations: Record<string, string> = r.inputs.metadata?.annotations ?? {};
    if (annotations["pulumi.com/skipAwait"] === "true") return [];
    const waitFor = annotations["pulumi.com/waitFor"];
    if (waitFor !== undefined) return parseWaitFor(waitFor, kind, templateLabels(r.inputs));
    if (EXISTS_ONLY.has(kind) || CUSTOM_GROUPS.has(kind.split("/")[0])) return [];
    switch (kind) {
        case "v1/Service": {
            const spec = r.inputs.spec ?? {};
            if (spec.type === "ExternalName" || spec.clusterIP === "None" || !spec.selector)
                return spec.type === "LoadBalancer" ? [{ kind: "load-balancer-address" }] : [];
            const endpoints: Condition = { kind: "endpoints", selector: spec.selector, notReadyToo: spec.publishNotReadyAddresses === true };
            return spec.type === "LoadBalancer" ? [endpoints, { kind: "load-balancer-address" }] : [endpoints];
        }
        case "v1/Pod":
            return [{ kind: "pods-ready", labels: r.inputs.metadata?.labels ?? {} }];
        case "apps/v1/Deployment":
        case "apps/v1/StatefulSet":
        case "apps/v1/DaemonSet":
            return [{ kind: "pods-ready", labels: templateLabels(r.inputs) }];
        case "batch/v1/Job":
            return [{ kind: "job-complete", talksToVault: JSON.stringify(r.inputs.spec ?? {}).includes("VAULT_ADDR") }];
        case "v1/PersistentVolumeClaim":
            return [{ kind: "pvc-bound" }];
    }
    return undefined;
}

function parseWaitFor(value: string, kind: string, labels: Record<string, string>): Condition[] {
    let expressions: string[];
    try {
        expressions = JSON.parse(value);
    } catch {
        expressions = [value];
    }
    return expressions.map((e) =>
        e.startsWith("jsonpath=")
            ? { kind: "jsonpath", path: e.slice("jsonpath=".length), labels }
            : { kind: "condition", name: e.replace(/^condition=/, ""), apiKind: kind },
    );
}

/** The cluster before `vault:init`: which pods exist, with which labels, and whether they are ready. */
export interface PreInitCluster {
    readonly pods: { labels: Record<string, string>; ready: boolean; vault: boolean }[];
}

/**
 * The Vault chart's server pods before init: labelled by the chart and by Vault's service registration
 * (vault-active "false", vault-initialized "false", vault-sealed "true"), and unready, since the readiness probe
 * (/v1/sys/health?standbyok=true) answers 501 until Vault is initialised.
 */
export function preInitCluster(releaseName = "vault"): PreInitCluster {
    const server = { "app.kubernetes.io/name": "vault", "app.kubernetes.io/instance": releaseName, component: "server" };
    return {
        pods: [
            { labels: { ...server, "vault-active": "false", "vault-initialized": "false", "vault-sealed": "true" }, ready: false, vault: true },
            { labels: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/instance": "cert-manager" }, ready: true, vault: false },
        ],
    };
}

/** Charts whose workloads' readiness depends on Vault's state (its server pods), and charts that do not. */
const CHART_NEEDS_VAULT: Record<string, boolean> = { vault: true, "cert-manager": false };
/** Custom-resource conditions whose controller is not Vault: satisfied before init. */
const CONTROLLER_CONDITIONS: Record<string, string[]> = { "cert-manager.io/v1/Certificate": ["Ready"], "cert-manager.io/v1/Issuer": ["Ready"] };

const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Why a condition cannot hold before vault:init, or undefined when something other than Vault makes it true. */
export function blockedBeforeInit(c: Condition, cluster: PreInitCluster): string | undefined {
    switch (c.kind) {
        case "load-balancer-address":
            return undefined;
        case "endpoints": {
            const selected = cluster.pods.filter((p) => matches(c.selector, p.labels));
            if (selected.some((p) => p.ready || c.notReadyToo)) return undefined;
            return selected.length === 0
                ? `waits for endpoints of pods labelled ${JSON.stringify(c.selector)}, and no pod carries those labels before vault:init`
                : `waits for ready endpoints, and the pods it selects are unready until vault:init`;
        }
        case "pods-ready":
            return cluster.pods.some((p) => p.vault && matches(c.labels, p.labels) && Object.keys(c.labels).length > 0)
                ? "waits for Vault's pods to be ready, which they are not until vault:init"
                : undefined;
        case "job-complete":
            return c.talksToVault ? "waits for a Job that talks to Vault to complete" : undefined;
        case "pvc-bound":
            return "waits for a claim to bind, which a WaitForFirstConsumer class does only when a pod uses it";
        case "chart-ready":
            if (CHART_NEEDS_VAULT[c.chart] === undefined) return `waits for chart ${c.chart}'s workloads; add the chart to CHART_NEEDS_VAULT`;
            return CHART_NEEDS_VAULT[c.chart] ? `waits for chart ${c.chart}'s workloads, Vault's pods among them` : undefined;
        case "jsonpath":
            if (c.path.startsWith("{.status.loadBalancer")) return undefined;
            return c.labels && cluster.pods.some((p) => p.vault && Object.keys(c.labels!).length > 0 && matches(c.labels!, p.labels))
                ? `waits for ${c.path} on an object of Vault's pods`
                : undefined;
        case "condition":
            return (CONTROLLER_CONDITIONS[c.apiKind] ?? []).includes(c.name)
                ? undefined
                : `waits for condition ${c.name} on ${c.apiKind}, whose controller the table does not know`;
    }
}

/** Every Kubernetes object in a plan that would make `pulumi up` wait for something only vault:init brings. */
export function awaitProblems(resources: readonly RecordedResource[], cluster = preInitCluster()): string[] {
    const problems: string[] = [];
    for (const r of resources) {
        if (!r.type.startsWith("kubernetes:") || !r.custom) continue;
        const conditions = awaitedConditions(r);
        if (!conditions) {
            problems.push(`${r.type} ${r.name}: the await table does not know this kind; add it to test/support/k8s-await.ts`);
            continue;
        }
        for (const c of conditions) {
            const why = blockedBeforeInit(c, cluster);
            if (why) problems.push(`${r.type} ${r.name}: ${why}`);
        }
        // The other half of the class: an object whose status another resource reads must be awaited for that status,
        // or the reader gets the status as it was at creation (a LoadBalancer Service: no address yet).
        const readers = resources.filter((o) => o !== r && Object.values(o.propertyDependencies).some((urns) => urns.includes(r.urn)));
        if (
            readers.length > 0 &&
            r.inputs.spec?.type === "LoadBalancer" &&
            !conditions.some((c) => c.kind === "load-balancer-address" || (c.kind === "jsonpath" && c.path.startsWith("{.status.loadBalancer")))
        ) {
            problems.push(`${r.type} ${r.name}: ${readers.map((o) => o.name).join(", ")} read its load balancer address, which it is never awaited for`);
        }
    }
    return problems;
}
