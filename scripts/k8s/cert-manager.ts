// cert-manager for real, in the API-server tests and the eks rehearsal. Its chart, from the Go module of the release
// the stack pins, is rendered by Helm with the values the stack records and applied to the API server: the CRDs (so
// the stack's Issuer and Certificate are validated by their real schemas), the service accounts and RBAC, the
// Deployments. Its controller, built from the same module (scripts/tools/cert-manager.sh), then runs against the API
// server as the chart's own service account, and issues and renews what the stack asks for.
// Not run: the webhook and cainjector (their mains, like the controller's, are untagged nested modules; so their
// webhook configurations are left out: the API server would call a webhook that is not there), and no Deployment's
// pods (no kubelet). The webhook's extra validation (minimum duration 1 h, renewBefore at least 5 min and below the
// duration, ...) is therefore not applied here; the tests keep to values it accepts.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CERT_MANAGER_CHART } from "../../infra/vault-eks/cert-manager-chart";
import { OfflineRun } from "../offline/recorder";
import { startChild, stopChild, waitUntil } from "../rehearse/children";
import { ChartRelease, helmTemplate, only } from "./chart";
import { KubeClient, Manifest } from "./client";
import { ControlPlane } from "./control-plane";
import { installOrder } from "./objects";
import { partPath } from "./parts";

/** The kinds of the chart a running webhook server would have to answer for; none runs here. */
const NEEDS_WEBHOOK_SERVER = new Set(["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"]);

/** The cert-manager helm.v3.Release the stack registers, with its values as recorded. */
export function certManagerRelease(run: OfflineRun): ChartRelease {
    const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === CERT_MANAGER_CHART.chart);
    if (!release) throw new Error("the stack registers no cert-manager release (is it an eks-raft stack?)");
    const { name, namespace, version, values } = release.inputs;
    return { name, namespace, version, values: values ?? {} };
}

/** The chart beside the built controller, from the same module; its Chart.yaml names the release it came from. */
export function certManagerChartDir(): string {
    return path.join(path.dirname(partPath("cert-manager")), "chart");
}

/** `helm template` of cert-manager's own chart with the stack's release values, refused if the versions differ. */
export function renderCertManager(release: ChartRelease, kubeVersion: string, chartDir = certManagerChartDir()): Manifest[] {
    const chart = parse(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as { version: string };
    if (chart.version !== release.version)
        throw new Error(`the stack installs cert-manager ${release.version}, the built chart is ${chart.version}: rebuild scripts/tools/cert-manager.sh`);
    return helmTemplate(release, kubeVersion, chartDir);
}

/**
 * Applies cert-manager's rendered chart as its release installs it (its namespace first, as createNamespace does),
 * without the webhook configurations, and waits until the API server serves every CRD. Throws on any refusal.
 */
export async function installCertManager(client: KubeClient, release: ChartRelease, rendered: Manifest[]): Promise<void> {
    const namespace: Manifest = { apiVersion: "v1", kind: "Namespace", metadata: { name: release.namespace } };
    const objects = installOrder(rendered.filter((m) => !NEEDS_WEBHOOK_SERVER.has(m.kind)));
    const { refused } = await client.applyAll([namespace, ...objects]);
    if (refused.length > 0) throw new Error(`the API server refused cert-manager's chart:\n${refused.join("\n")}`);
    for (const crd of rendered.filter((m) => m.kind === "CustomResourceDefinition")) {
        await waitUntil(
            `CRD ${crd.metadata.name} to be established`,
            async () => {
                const reply = await client.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", crd.metadata.name);
                return (reply.body?.status?.conditions ?? []).some((c: any) => c.type === "Established" && c.status === "True");
            },
            30_000,
        );
    }
}

/** The stack's manifests with the CA Secret its Issuer names holding `ca` (the offline plan's PEM is a placeholder). */
export function withCaPair(manifests: Manifest[], ca: { caCert: string; caKey: string }): Manifest[] {
    const caSecrets = new Set(manifests.filter((m) => m.apiVersion === "cert-manager.io/v1" && m.kind === "Issuer").map((m) => m.spec.ca?.secretName));
    return manifests.map((m) =>
        m.kind === "Secret" && caSecrets.has(m.metadata.name) ? { ...m, stringData: { "tls.crt": ca.caCert, "tls.key": ca.caKey } } : m,
    );
}

export interface CertManagerProcess {
    readonly logFile: string;
    /** The identity it runs as: the chart's controller service account. */
    readonly user: string;
    stop(): Promise<void>;
}

/**
 * Starts cert-manager's controller against the API server as the service account the chart's controller Deployment
 * names (its token from TokenRequest), so the chart's RBAC is what it may do.
 */
export async function startCertManager(cp: ControlPlane, release: ChartRelease, rendered: Manifest[], workDir: string): Promise<CertManagerProcess> {
    const deployment = only(
        rendered.filter((m) => m.metadata.labels?.["app.kubernetes.io/component"] === "controller"),
        "Deployment",
    );
    const account = deployment.spec.template.spec.serviceAccountName as string;
    const token = await cp.admin.token(release.namespace, account, undefined, 24 * 3600);
    const dir = path.join(workDir, "cert-manager");
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const kubeconfig = path.join(dir, "kubeconfig.json");
    fs.writeFileSync(
        kubeconfig,
        JSON.stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: "test", cluster: { server: cp.server, "certificate-authority-data": Buffer.from(cp.caCert).toString("base64") } }],
            users: [{ name: account, user: { token } }],
            contexts: [{ name: "test", context: { cluster: "test", user: account } }],
            "current-context": "test",
        }),
        { mode: 0o600 },
    );
    const logFile = path.join(dir, "controller.log");
    const child = startChild(partPath("cert-manager"), [`--kubeconfig=${kubeconfig}`, `--cluster-resource-namespace=${release.namespace}`], logFile);
    const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`cert-manager exited with ${code}`))));
    exited.catch(() => undefined);
    try {
        await Promise.race([
            waitUntil("cert-manager to start its control loops", async () => fs.readFileSync(logFile, "utf8").includes("control loops started")),
            exited,
        ]);
    } catch (err) {
        await stopChild(child, "SIGTERM");
        throw new Error(`${(err as Error).message}; its log:\n${fs.readFileSync(logFile, "utf8").split("\n").slice(-10).join("\n")}`, { cause: err });
    }
    return { logFile, user: `system:serviceaccount:${release.namespace}:${account}`, stop: () => stopChild(child, "SIGTERM") };
}

/** Waits until cert-manager reports the Certificate Ready; returns the Secret it issued into (as stored). */
export async function issuedSecret(client: KubeClient, namespace: string, certificate: string, timeoutMs = 60_000): Promise<any> {
    let status: any;
    try {
        await waitUntil(
            `cert-manager to issue Certificate ${namespace}/${certificate}`,
            async () => {
                status = (await client.get("cert-manager.io/v1", "Certificate", certificate, namespace)).body?.status;
                return (status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
            },
            timeoutMs,
        );
    } catch (err) {
        throw new Error(`${(err as Error).message}; its status: ${JSON.stringify(status)}`, { cause: err });
    }
    const spec = (await client.get("cert-manager.io/v1", "Certificate", certificate, namespace)).body.spec;
    const secret = await client.get("v1", "Secret", spec.secretName, namespace);
    if (secret.status !== 200) throw new Error(`Certificate ${certificate} is Ready but its Secret ${spec.secretName} is not there`);
    return secret.body;
}
