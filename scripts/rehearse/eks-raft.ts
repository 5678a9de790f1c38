// Rehearsal of the eks-raft layout's Vault: three real Vault servers on the Raft config the stack passes to the
// chart, auto-unsealed through the emulator's KMS, initialised and configured by the operator scripts in their
// eks-raft mode; then a leader loss and a Raft snapshot taken and restored through the API, as the snapshot job and
// the runbook do. (EKS itself, IRSA and the chart's templates are not rehearsed.)
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import * as fs from "fs";
import * as path from "path";
import { strongroom } from "../../stacks/program";
import { runOffline } from "../offline/recorder";
import { readStackConfig } from "../offline/stacks";
import { closeOnStop, waitUntil } from "./children";
import { NodeTls } from "./ec2-nodes";
import { Emulator, EMULATOR_REGION } from "./emulator";
import { runScript } from "./operator";
import { startRaftNodes } from "./raft-nodes";
import { vaultRaw, vaultRequest } from "./vault-http";
import { VaultNode } from "./vault-node";

export interface RaftRehearsal {
    readonly nodes: VaultNode[];
    readonly rootToken: string;
    readonly ca: string;
    readonly configureRuns: string[];
    leader(): Promise<VaultNode | undefined>;
    /** The Raft servers Vault reports, with the leader marked. */
    servers(): Promise<{ node_id: string; leader: boolean; voter: boolean }[]>;
    write(path: string, data: Record<string, unknown>, via?: VaultNode): Promise<number>;
    read(path: string): Promise<number>;
    snapshot(): Promise<Buffer>;
    restore(snapshot: Buffer): Promise<number>;
}

/** Where a pod finds its service account's CA, which Vault's Kubernetes auth reads when it is configured. */
export const POD_SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * Gives this machine the one piece of a pod's environment Vault reads when `vault:configure` sets up Kubernetes auth
 * in-cluster (the service account's CA), if it is missing; removed when the rehearsal stops. Needs root (CI is).
 */
function podServiceAccount(ca: string): void {
    const file = `${POD_SERVICE_ACCOUNT_DIR}/ca.crt`;
    if (fs.existsSync(file)) return;
    try {
        fs.mkdirSync(POD_SERVICE_ACCOUNT_DIR, { recursive: true });
        fs.writeFileSync(file, ca);
    } catch (err) {
        throw new Error(`rehearsal: Vault's Kubernetes auth reads ${file} (a pod has it); run the eks-raft rehearsal as root to provide it`, { cause: err });
    }
    closeOnStop(() => fs.rmSync(file, { force: true }));
}

export async function rehearseRaft(opts: {
    emulator: Emulator;
    vaultBin: string;
    workDir: string;
    tls: NodeTls;
    log: (line: string) => void;
}): Promise<RaftRehearsal> {
    const { emulator, workDir, tls, log } = opts;
    const run = await runOffline(strongroom, "prod", readStackConfig("prod"));
    const unsealKey = run.resources.find((r) => r.type === "aws:kms/key:Key" && r.name.endsWith("-unseal-key"))!.inputs;
    const kms = new KMSClient({
        region: EMULATOR_REGION,
        endpoint: emulator.endpoint,
        credentials: { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" },
    });
    const key = await kms.send(
        new CreateKeyCommand({ KeySpec: unsealKey.customerMasterKeySpec, KeyUsage: unsealKey.keyUsage, Description: "rehearsal unseal key (eks-raft)" }),
    );
    const nodes = await startRaftNodes({
        replicas: 3,
        vaultBin: opts.vaultBin,
        workDir,
        awsEndpoint: emulator.endpoint,
        unsealKeyId: key.KeyMetadata!.KeyId!,
        tls,
    });
    log(`vault (raft): 3 servers listening at ${nodes.map((n) => n.address).join(", ")}`);

    const outputsFile = path.join(workDir, "outputs-eks.json");
    fs.writeFileSync(
        outputsFile,
        JSON.stringify({
            layout: "eks-raft",
            region: EMULATOR_REGION,
            vaultAddress: nodes[0].address,
            vaultCaCertPem: tls.caCert,
            replicationKvMount: "hybrid-aws-secrets",
            vaultNamespace: "vault",
        }),
    );
    const init = await runScript("vault-init.ts", ["--stack", "rehearsal-eks", "--outputs", outputsFile]);
    const rootToken = /Initial root token: (\S+)/.exec(init)?.[1];
    if (!rootToken) throw new Error("rehearsal: vault:init printed no root token");
    const get = (node: VaultNode, p: string) => vaultRequest(node.address, tls.caCert, "GET", p, rootToken).catch(() => ({ status: 0, body: undefined }));
    const rehearsal: RaftRehearsal = {
        nodes,
        rootToken,
        ca: tls.caCert,
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
            return (await vaultRequest(node.address, tls.caCert, "POST", `secret/data/${p}`, rootToken, { data }).catch(() => ({ status: 0 }))).status;
        },
        async read(p) {
            const node = (await rehearsal.leader()) ?? nodes[0];
            return (await get(node, `secret/data/${p}`)).status;
        },
        async snapshot() {
            const reply = await vaultRaw(((await rehearsal.leader()) ?? nodes[0]).address, tls.caCert, "GET", "sys/storage/raft/snapshot", rootToken);
            if (reply.status !== 200) throw new Error(`rehearsal: snapshot answered HTTP ${reply.status}`);
            return reply.data;
        },
        async restore(snapshot) {
            return (await vaultRaw(((await rehearsal.leader()) ?? nodes[0]).address, tls.caCert, "POST", "sys/storage/raft/snapshot", rootToken, snapshot))
                .status;
        },
    };
    await waitUntil(
        "three Raft voters with a leader",
        async () => {
            const servers = await rehearsal.servers();
            return servers.length === 3 && servers.every((s) => s.voter) && servers.some((s) => s.leader);
        },
        90_000,
    );
    log("vault:init: initialised; the other two servers joined through retry_join and unsealed through KMS");
    podServiceAccount(tls.caCert);
    const configure = () =>
        runScript("vault-configure.ts", ["--stack", "rehearsal-eks", "--outputs", outputsFile, "--aws-endpoint", emulator.endpoint], {
            VAULT_TOKEN: rootToken,
        });
    rehearsal.configureRuns.push(await configure(), await configure());
    await vaultRequest(nodes[0].address, tls.caCert, "POST", "sys/mounts/secret", rootToken, { type: "kv", options: { version: "2" } });
    return rehearsal;
}
