// What a kubelet does for a pod, done for processes on loopback: the Pod object is admitted by the real API server,
// marked running with its address (as the kubelet reports status), its volumes are filled from the API server's
// objects (ConfigMaps, Secrets, the projected service-account token from TokenRequest, bound to the pod), and its
// environment is resolved from the container spec (fieldRefs read from the stored Pod, $(VAR) expanded as Kubernetes
// does). The container runtime is not here: the process runs on this machine, with mount paths rewritten to folders
// (listed by mountPaths) except the service-account folder, which pod-sandbox.sh puts at its real path.
import * as fs from "fs";
import * as path from "path";
import { KubeClient, Manifest } from "../k8s/client";
import { ControlPlane } from "../k8s/control-plane";

/** Where the ServiceAccount admission plugin mounts the projected token in every container. */
export const SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

export interface HostPod {
    /** The Pod as the API server stored it (uid, defaults, the projected token volume added by admission). */
    readonly pod: any;
    readonly dir: string;
    /** Volume name -> the folder holding its files. */
    readonly volumes: Map<string, string>;
    /** The folder pod-sandbox.sh binds at SERVICE_ACCOUNT_MOUNT. */
    readonly serviceAccountDir: string;
}

/** Creates the Pod in the API server (server-side apply); throws with the API server's reason when it is refused. */
export async function admitPod(client: KubeClient, manifest: Manifest): Promise<any> {
    const reply = await client.apply(manifest);
    if (reply.status >= 300) throw new Error(`the API server refused Pod ${manifest.metadata.name}: ${reply.body?.message ?? reply.status}`);
    return reply.body;
}

/** Reports the pod running at `ip`, through the status subresource, as its kubelet would. */
export async function markRunning(client: KubeClient, pod: any, ip = "127.0.0.1"): Promise<any> {
    const status = { status: { phase: "Running", hostIP: ip, hostIPs: [{ ip }], podIP: ip, podIPs: [{ ip }] } };
    const reply = await client.request(
        "PATCH",
        `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`,
        status,
        "application/merge-patch+json",
    );
    if (reply.status !== 200) throw new Error(`marking ${pod.metadata.name} running: HTTP ${reply.status} ${reply.body?.message ?? ""}`);
    return reply.body;
}

function writeFiles(dir: string, files: Record<string, string | Buffer>, items?: { key: string; path: string }[]): void {
    fs.mkdirSync(dir, { recursive: true });
    const chosen = items ?? Object.keys(files).map((key) => ({ key, path: key }));
    for (const item of chosen) {
        if (!(item.key in files)) throw new Error(`volume item ${item.key} is not in its source (keys: ${Object.keys(files).join(", ")})`);
        fs.mkdirSync(path.dirname(path.join(dir, item.path)), { recursive: true });
        fs.writeFileSync(path.join(dir, item.path), files[item.key], { mode: 0o640 });
    }
}

/** Fills every volume of the pod from what the API server holds, as the kubelet mounts them. */
export async function mountVolumes(cp: ControlPlane, pod: any, dir: string): Promise<HostPod> {
    const ns = pod.metadata.namespace;
    const volumes = new Map<string, string>();
    let serviceAccountDir = "";
    for (const volume of pod.spec.volumes ?? []) {
        const target = path.join(dir, "volumes", volume.name);
        volumes.set(volume.name, target);
        if (volume.configMap) {
            const cm = await cp.admin.get("v1", "ConfigMap", volume.configMap.name, ns);
            if (cm.status !== 200) throw new Error(`ConfigMap ${volume.configMap.name} for pod ${pod.metadata.name}: HTTP ${cm.status}`);
            writeFiles(target, cm.body.data ?? {}, volume.configMap.items);
        } else if (volume.secret) {
            const secret = await cp.admin.get("v1", "Secret", volume.secret.secretName, ns);
            if (secret.status !== 200) throw new Error(`Secret ${volume.secret.secretName} for pod ${pod.metadata.name}: HTTP ${secret.status}`);
            const data = Object.fromEntries(Object.entries(secret.body.data ?? {}).map(([k, v]) => [k, Buffer.from(String(v), "base64")]));
            writeFiles(target, data, volume.secret.items);
        } else if (volume.projected) {
            // The service-account volume admission adds: a token bound to this pod, the cluster CA, the namespace.
            const files: Record<string, string> = {};
            const items: { key: string; path: string }[] = [];
            for (const source of volume.projected.sources) {
                if (source.serviceAccountToken) {
                    const token = await cp.admin.token(
                        ns,
                        pod.spec.serviceAccountName,
                        { name: pod.metadata.name, uid: pod.metadata.uid },
                        source.serviceAccountToken.expirationSeconds,
                    );
                    files.token = token;
                    items.push({ key: "token", path: source.serviceAccountToken.path });
                } else if (source.configMap?.name === "kube-root-ca.crt") {
                    // Published by kube-controller-manager in every namespace; it is the API server's CA.
                    files["ca.crt"] = cp.caCert;
                    items.push(...source.configMap.items);
                } else if (source.downwardAPI) {
                    for (const item of source.downwardAPI.items) {
                        files[item.path] = fieldOf(pod, item.fieldRef.fieldPath);
                        items.push({ key: item.path, path: item.path });
                    }
                } else {
                    throw new Error(`pod ${pod.metadata.name}: projected source ${JSON.stringify(source)} is not handled by the rehearsal`);
                }
            }
            writeFiles(target, files, items);
        } else if (volume.emptyDir || volume.persistentVolumeClaim) {
            // An empty folder: emptyDir, or a new claim's volume (no CSI driver here; the data lives in this folder).
            fs.mkdirSync(target, { recursive: true });
        } else {
            throw new Error(`pod ${pod.metadata.name}: volume ${volume.name} (${Object.keys(volume).join(", ")}) is not handled by the rehearsal`);
        }
    }
    const accountMount = pod.spec.containers[0].volumeMounts?.find((m: any) => m.mountPath === SERVICE_ACCOUNT_MOUNT);
    if (accountMount) serviceAccountDir = volumes.get(accountMount.name)!;
    return { pod, dir, volumes, serviceAccountDir };
}

/** A field of the stored Pod, as fieldRef and the downward API read it. */
export function fieldOf(pod: any, fieldPath: string): string {
    const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
    if (label) return pod.metadata[label[1]]?.[label[2]] ?? "";
    const value = fieldPath.split(".").reduce((o: any, k) => o?.[k], pod);
    if (value === undefined) throw new Error(`pod ${pod.metadata.name} has no ${fieldPath} (is it marked running?)`);
    return String(value);
}

/**
 * The container's environment as Kubernetes builds it: values with $(VAR) references to earlier variables expanded
 * ($$ escapes), fieldRefs read from the stored Pod; then the variables every container gets (the kubernetes Service).
 */
export function containerEnv(hostPod: HostPod, container: any, cp: ControlPlane): Record<string, string> {
    const env: Record<string, string> = {
        KUBERNETES_SERVICE_HOST: cp.host,
        KUBERNETES_SERVICE_PORT: String(cp.port),
        KUBERNETES_SERVICE_PORT_HTTPS: String(cp.port),
    };
    for (const e of container.env ?? []) {
        if (e.valueFrom?.fieldRef) env[e.name] = fieldOf(hostPod.pod, e.valueFrom.fieldRef.fieldPath);
        else if (e.valueFrom) throw new Error(`env ${e.name}: ${Object.keys(e.valueFrom).join(", ")} is not handled by the rehearsal`);
        else
            env[e.name] = String(e.value ?? "").replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, name) => (name === undefined ? "$" : (env[name] ?? all)));
    }
    return env;
}

/** The container's mount paths -> host folders, longest first, without the service-account mount (pod-sandbox.sh binds it). */
export function mountPaths(hostPod: HostPod, container: any): [string, string][] {
    return (container.volumeMounts ?? [])
        .filter((m: any) => m.mountPath !== SERVICE_ACCOUNT_MOUNT)
        .map((m: any) => [m.mountPath, hostPod.volumes.get(m.name)!] as [string, string])
        .sort((a: [string, string], b: [string, string]) => b[0].length - a[0].length);
}

/** `text` with every `from` replaced by its `to` in one pass (longest first), so a replacement is never replaced again. */
export function substituteAll(text: string, pairs: [string, string][]): string {
    if (pairs.length === 0) return text;
    const sorted = [...pairs].sort((a, b) => b[0].length - a[0].length);
    const to = new Map(sorted);
    const pattern = new RegExp(sorted.map(([from]) => from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
    return text.replace(pattern, (found) => to.get(found)!);
}

/** `text` with every mount path replaced by its host folder. */
export function rewritePaths(text: string, mounts: [string, string][]): string {
    return substituteAll(text, mounts);
}
