// Vault pods as the rendered chart defines them, on loopback. Each pod of the rendered StatefulSet is created in the
// real API server (admitted under the namespace's Pod Security level), marked running at 127.0.0.1, its volumes
// filled from the API server (the config file from the rendered ConfigMap, TLS from the Secret, the projected token
// bound to the pod), and its container's own command and start script run with the environment its spec resolves to.
// Only addresses and paths differ from a pod (LOCAL_SUBSTITUTIONS says which), and the unseal key is the emulator's.
import * as fs from "fs";
import * as path from "path";
import { only } from "../k8s/chart";
import { Manifest } from "../k8s/client";
import { ControlPlane } from "../k8s/control-plane";
import { statefulSetPods } from "../k8s/objects";
import { METRICS_PORT } from "../../infra/vault-eks/helm-values";
import { freePort } from "./emulator";
import { admitPod, containerEnv, HostPod, markRunning, mountPaths, mountVolumes, substituteAll } from "./kubelet";
import { VaultNode, waitForListen } from "./vault-node";

/** Everything the rehearsal changes between the rendered pod and the process it runs, for the record (README). */
export const LOCAL_SUBSTITUTIONS = [
    "addresses: the listeners' [::]:8200/8201 and [::]:8205 (metrics), the pod's own 127.0.0.1:8200, and each peer's <pod>.vault-internal:8200/8201 become that pod's loopback ports",
    "paths: each volume mount (/vault/config, /vault/userconfig/vault-tls, /vault/data, /vault/audit, /home/vault) and the container's /tmp become folders of the pod",
    "the image's entrypoint: `/usr/local/bin/docker-entrypoint.sh vault` becomes `exec <vault>` (with SKIP_SETCAP and SKIP_CHOWN as a non-root user it only execs vault)",
    "the seal: kms_key_id is the emulator's key, and an `endpoint` line points awskms at the emulator; AWS credentials are the emulator's (IRSA's web identity exchange is not rehearsed)",
    "the kubelet's environment: KUBERNETES_SERVICE_HOST/PORT name the rehearsal's kube-apiserver; the service-account folder is bound at its real path by pod-sandbox.sh",
];

const SANDBOX = path.join(__dirname, "pod-sandbox.sh");

export interface VaultPods {
    readonly nodes: VaultNode[];
    readonly pods: HostPod[];
}

export interface VaultPodsSettings {
    readonly cp: ControlPlane;
    /** The chart rendered with the stack's values. */
    readonly rendered: Manifest[];
    readonly vaultBin: string;
    readonly workDir: string;
    readonly awsEndpoint: string;
    readonly unsealKeyId: string;
}

/** Every peer's address as the pods name it (through the headless Service), and its loopback port. */
function addressBook(pods: Manifest[], ports: { api: number; cluster: number }[]): [string, string][] {
    return pods.flatMap((p, i) => [
        [`${p.spec.hostname}.${p.spec.subdomain}:8200`, `127.0.0.1:${ports[i].api}`],
        [`${p.spec.hostname}.${p.spec.subdomain}:8201`, `127.0.0.1:${ports[i].cluster}`],
    ]) as [string, string][];
}

export async function startVaultPods(s: VaultPodsSettings): Promise<VaultPods> {
    const sts = only(s.rendered, "StatefulSet");
    const manifests = statefulSetPods(sts);
    const ports: { api: number; cluster: number; metrics: number }[] = [];
    for (let i = 0; i < manifests.length; i++) ports.push({ api: await freePort(), cluster: await freePort(), metrics: await freePort() });
    const peers = addressBook(manifests, ports);
    const nodes: VaultNode[] = [];
    const pods: HostPod[] = [];
    for (const [i, manifest] of manifests.entries()) {
        const dir = path.join(s.workDir, manifest.metadata.name);
        const stored = await markRunning(s.cp.admin, await admitPod(s.cp.admin, manifest));
        const pod = await mountVolumes(s.cp, stored, dir);
        const container = pod.pod.spec.containers.find((c: any) => c.name === "vault");
        fs.mkdirSync(path.join(dir, "tmp"), { recursive: true });
        const mounts: [string, string][] = [...mountPaths(pod, container), ["/tmp/", `${path.join(dir, "tmp")}/`]];
        const own: [string, string][] = [
            ["[::]:8200", `127.0.0.1:${ports[i].api}`],
            ["[::]:8201", `127.0.0.1:${ports[i].cluster}`],
            [`[::]:${METRICS_PORT}`, `127.0.0.1:${ports[i].metrics}`],
            ["127.0.0.1:8200", `127.0.0.1:${ports[i].api}`],
        ];
        const localize = (text: string) => substituteAll(text, [...own, ...peers, ...mounts]);

        // The config volume holds the rendered ConfigMap's file; the start script copies it and runs its seds.
        const configVolume = container.volumeMounts.find((m: any) => m.mountPath === "/vault/config").name;
        for (const file of fs.readdirSync(pod.volumes.get(configVolume)!)) {
            const full = path.join(pod.volumes.get(configVolume)!, file);
            const text = localize(fs.readFileSync(full, "utf8")).replace(
                /kms_key_id = .*\n/,
                `kms_key_id = ${JSON.stringify(s.unsealKeyId)}\n  endpoint   = ${JSON.stringify(s.awsEndpoint)}\n`,
            );
            fs.writeFileSync(full, text, { mode: 0o600 });
        }
        const env = Object.fromEntries(Object.entries(containerEnv(pod, container, s.cp)).map(([k, v]) => [k, localize(v)]));
        const [script, ...extra] = container.args;
        if (extra.length > 0 || !script.includes("/usr/local/bin/docker-entrypoint.sh vault ")) {
            throw new Error("the rendered StatefulSet's start script is not the one the rehearsal knows how to run (the chart changed)");
        }
        const local = localize(script).replace("/usr/local/bin/docker-entrypoint.sh vault ", `exec ${s.vaultBin} `);
        const argv = [SANDBOX, pod.serviceAccountDir, ...container.command, local];
        const node = new VaultNode(
            i,
            `https://127.0.0.1:${ports[i].api}`,
            path.join(dir, "tmp", "storageconfig.hcl"),
            s.vaultBin,
            path.join(dir, "vault.log"),
            env,
            argv,
        );
        nodes.push(node);
        pods.push(pod);
    }
    const ca = fs.readFileSync(path.join(pods[0].volumes.get("vault-tls")!, "ca.crt"), "utf8");
    for (const node of nodes) node.start();
    for (const node of nodes) await waitForListen(node, ca);
    return { nodes, pods };
}
