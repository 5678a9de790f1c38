// Rehearsal of the eks-raft layout from what the pods really get: the prod stack (with three pods) planned offline,
// its chart rendered by Helm with the recorded values, every Kubernetes object applied to a real kube-apiserver (with
// cert-manager's chart, whose real controller issues the server certificate the pods mount from the stack's own
// Issuer and Certificate), and three real Vault servers started from the rendered StatefulSet (raft-nodes.ts),
// auto-unsealed through the emulator's KMS, labelling their Pod objects through `service_registration "kubernetes"`,
// and configured by `vault:configure` with Kubernetes auth that reviews real service-account tokens. (No kubelet, no
// container runtime, no EKS, no IRSA exchange: see the README.)
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { X509Certificate } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { strongroom } from "../../stacks/program";
import { recordedRelease, renderChart } from "../k8s/chart";
import { Manifest } from "../k8s/client";
import { ControlPlane, startControlPlane } from "../k8s/control-plane";
import { testCa } from "../../test/support/test-ca";
import { NodeTls } from "./ec2-nodes";
import { certManagerRelease, installCertManager, issuedSecret, renderCertManager, startCertManager, withCaPair } from "../k8s/cert-manager";
import { installOrder, stackManifests } from "../k8s/objects";
import { OfflineRun, runOffline } from "../offline/recorder";
import { readStackConfig } from "../offline/stacks";
import { parseStackConfig } from "../../stacks/config";
import { waitUntil } from "./children";
import { Emulator, EMULATOR_REGION } from "./emulator";
import { HostPod } from "./kubelet";
import { runScript } from "./operator";
import { startVaultPods } from "./raft-nodes";
import { vaultRequest } from "./vault-http";
import { VaultNode } from "./vault-node";

/** The stack rehearsed: prod, with three pods instead of five (one machine). */
export const REHEARSED_STACK = { stack: "prod", edit: { "strongroom:vaultReplicas": "3", "strongroom:nodeGroupSize": "3" } };

export interface RaftRehearsal {
    readonly nodes: VaultNode[];
    readonly pods: HostPod[];
    readonly cp: ControlPlane;
    readonly run: OfflineRun;
    readonly rendered: Manifest[];
    readonly rootToken: string;
    readonly ca: string;
    readonly configureRuns: string[];
    /** The Vault server answering as active (by its health), if any. */
    leader(): Promise<VaultNode | undefined>;
    /** The Raft servers Vault reports, with the leader marked. */
    servers(): Promise<{ node_id: string; leader: boolean; voter: boolean }[]>;
    write(path: string, data: Record<string, unknown>, via?: VaultNode): Promise<number>;
    read(path: string): Promise<number>;
    /** Pod name -> the vault-active label Vault's service registration set on the Pod object. */
    activeLabels(): Promise<Record<string, string | undefined>>;
    /** The names of the pods a Service (by name, from the API server) selects. */
    selectedBy(service: string): Promise<string[]>;
    /** The Vault server of a pod. */
    nodeOf(pod: string): VaultNode;
}

export async function rehearseRaft(opts: {
    emulator: Emulator;
    vaultBin: string;
    workDir: string;
    /** The rehearsal's TLS (as the ec2 rehearsal's): only its CA is used, put in the CA Secret cert-manager issues from. */
    tls: NodeTls;
    log: (line: string) => void;
}): Promise<RaftRehearsal> {
    const { emulator, workDir, log } = opts;
    // The offline plan's CA PEM is a placeholder: the CA Secret holds the test CA writeNodeTls signs with.
    const testCaPair = testCa();
    if (opts.tls.caCert !== testCaPair.caCert) throw new Error("rehearsal: the eks rehearsal's TLS must come from writeNodeTls (the test CA)");
    const config = { ...readStackConfig(REHEARSED_STACK.stack), ...REHEARSED_STACK.edit };
    const stack = parseStackConfig(config, REHEARSED_STACK.stack);
    if (stack.layout !== "eks-raft") throw new Error("rehearsal: the rehearsed stack is not eks-raft");
    const run = await runOffline(strongroom, REHEARSED_STACK.stack, config);
    const rendered = renderChart(recordedRelease(run), stack.kubernetesVersion);
    log(`helm: chart ${recordedRelease(run).version} rendered with the stack's values: ${rendered.length} objects`);

    const cp = await startControlPlane({ workDir, serviceCidr: stack.serviceCidr });
    // cert-manager as the stack installs it (its chart's CRDs and RBAC), its controller issuing the server certificate.
    const certManager = certManagerRelease(run);
    const certManagerRendered = renderCertManager(certManager, stack.kubernetesVersion);
    await installCertManager(cp.admin, certManager, certManagerRendered);
    const objects = installOrder([...withCaPair(stackManifests(run), testCaPair), ...rendered]);
    const applied = await cp.admin.applyAll(objects);
    if (applied.refused.length > 0) throw new Error(`rehearsal: the API server refused:\n${applied.refused.join("\n")}`);
    log(`kube-apiserver ${stack.kubernetesVersion} at ${cp.server}: ${objects.length} objects applied server-side (stack's and chart's), none refused`);
    const controller = await startCertManager(cp, certManager, certManagerRendered, workDir);
    const certificate = objects.find((m) => m.apiVersion === "cert-manager.io/v1" && m.kind === "Certificate")!;
    const secret = await issuedSecret(cp.admin, certificate.metadata.namespace!, certificate.metadata.name);
    const issued = new X509Certificate(Buffer.from(secret.data["tls.crt"], "base64"));
    const caCert = Buffer.from(secret.data["ca.crt"], "base64").toString("utf8");
    log(
        `cert-manager ${certManager.version} (its controller, as ${controller.user}): Certificate ${certificate.metadata.name} issued into Secret ${secret.metadata.name}, valid to ${issued.validTo}`,
    );

    const unsealKey = run.resources.find((r) => r.type === "aws:kms/key:Key" && r.name.endsWith("-unseal-key"))!.inputs;
    const kms = new KMSClient({
        region: EMULATOR_REGION,
        endpoint: emulator.endpoint,
        credentials: { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" },
    });
    const key = await kms.send(
        new CreateKeyCommand({ KeySpec: unsealKey.customerMasterKeySpec, KeyUsage: unsealKey.keyUsage, Description: "rehearsal unseal key (eks-raft)" }),
    );
    const { nodes, pods } = await startVaultPods({
        cp,
        rendered,
        vaultBin: opts.vaultBin,
        workDir,
        awsEndpoint: emulator.endpoint,
        unsealKeyId: key.KeyMetadata!.KeyId!,
    });
    log(`vault (raft): ${nodes.length} pods from the rendered StatefulSet, admitted by the API server, listening at ${nodes.map((n) => n.address).join(", ")}`);

    const outputsFile = path.join(workDir, "outputs-eks.json");
    fs.writeFileSync(
        outputsFile,
        JSON.stringify({
            layout: "eks-raft",
            region: EMULATOR_REGION,
            vaultAddress: nodes[0].address,
            vaultCaCertPem: caCert,
            replicationKvMount: "hybrid-aws-secrets",
            vaultNamespace: stack.namespace,
        }),
    );
    const init = await runScript("vault-init.ts", ["--stack", "rehearsal-eks", "--outputs", outputsFile]);
    const rootToken = /Initial root token: (\S+)/.exec(init)?.[1];
    if (!rootToken) throw new Error("rehearsal: vault:init printed no root token");
    const get = (node: VaultNode, p: string) => vaultRequest(node.address, caCert, "GET", p, rootToken).catch(() => ({ status: 0, body: undefined }));
    const byPod = new Map(pods.map((p, i) => [p.pod.metadata.name as string, nodes[i]]));
    const rehearsal: RaftRehearsal = {
        nodes,
        pods,
        cp,
        run,
        rendered,
        rootToken,
        ca: caCert,
        configureRuns: [],
        async leader() {
            for (const node of nodes) if ((await get(node, "sys/health")).status === 200) return node;
            return undefined;
        },
        async servers() {
            for (const node of nodes) {
                const reply = await get(node, "sys/storage/raft/configuration");
                if (reply.status === 200) return reply.body.data.config.servers;
            }
            return [];
        },
        async write(p, data, via) {
            const node = via ?? (await rehearsal.leader()) ?? nodes[0];
            return (await vaultRequest(node.address, caCert, "POST", `secret/data/${p}`, rootToken, { data }).catch(() => ({ status: 0 }))).status;
        },
        async read(p) {
            const node = (await rehearsal.leader()) ?? nodes[0];
            return (await get(node, `secret/data/${p}`)).status;
        },
        async activeLabels() {
            const stored = await cp.admin.list("v1", "Pod", stack.namespace, { component: "server" });
            return Object.fromEntries(stored.map((p) => [p.metadata.name, p.metadata.labels?.["vault-active"]]));
        },
        async selectedBy(service) {
            const svc = await cp.admin.get("v1", "Service", service, stack.namespace);
            if (svc.status !== 200) throw new Error(`rehearsal: no Service ${service} in the API server`);
            return (await cp.admin.list("v1", "Pod", stack.namespace, svc.body.spec.selector)).map((p) => p.metadata.name).sort();
        },
        nodeOf(pod) {
            const node = byPod.get(pod);
            if (!node) throw new Error(`rehearsal: no Vault server runs pod ${pod}`);
            return node;
        },
    };
    await waitUntil(
        "three Raft voters with a leader",
        async () => {
            const servers = await rehearsal.servers();
            return servers.length === nodes.length && servers.every((s) => s.voter) && servers.some((s) => s.leader);
        },
        90_000,
    );
    log("vault:init: initialised; the other pods joined through retry_join and unsealed through KMS");
    const configure = () =>
        runScript(
            "vault-configure.ts",
            ["--stack", "rehearsal-eks", "--outputs", outputsFile, "--aws-endpoint", emulator.endpoint, "--kubernetes-host", cp.server],
            { VAULT_TOKEN: rootToken },
        );
    rehearsal.configureRuns.push(await configure(), await configure());
    await vaultRequest(nodes[0].address, caCert, "POST", "sys/mounts/secret", rootToken, { type: "kv", options: { version: "2" } });
    return rehearsal;
}

/** Waits until exactly one pod is labelled vault-active=true and it is the Raft leader's; returns the seconds it took. */
export async function activeLabelSettles(r: RaftRehearsal, timeoutMs = 60_000): Promise<{ seconds: number; active: string }> {
    let active = "";
    const ms = await waitUntil(
        "exactly the leader's pod labelled vault-active=true",
        async () => {
            const labels = await r.activeLabels();
            const marked = Object.entries(labels).filter(([, v]) => v === "true");
            const leader = await r.leader();
            if (marked.length !== 1 || !leader || r.nodeOf(marked[0][0]) !== leader) return false;
            active = marked[0][0];
            return Object.values(labels).every((v) => v === "true" || v === "false");
        },
        timeoutMs,
    );
    return { seconds: ms / 1000, active };
}
