// Vault pods as the eks-raft layout runs them, on loopback: the server config is the one the stack passes to the
// chart (infra/vault-eks/helm-values.ts renderRaftConfig), with addresses, ports, paths and the AWS endpoint
// substituted, and what the chart sets through the environment set the same way (API and cluster addresses, the
// Raft node id from the pod name). `service_registration "kubernetes"` is left out: it needs a Kubernetes API.
import * as fs from "fs";
import * as path from "path";
import { RELEASE_NAME, renderRaftConfig, TLS_MOUNT } from "../../infra/vault-eks/helm-values";
import { NodeTls } from "./ec2-nodes";
import { EMULATOR_REGION, freePort } from "./emulator";
import { VaultNode, waitForListen } from "./vault-node";

/** The chart's config with each pod's address and the rehearsal's paths put in. */
export function localRaftConfig(
    hcl: string,
    ports: { api: number; cluster: number }[],
    me: number,
    dataDir: string,
    tlsDir: string,
    awsEndpoint: string,
): string {
    let text = hcl
        .replace('address         = "[::]:8200"', `address         = "127.0.0.1:${ports[me].api}"`)
        .replace('cluster_address = "[::]:8201"', `cluster_address = "127.0.0.1:${ports[me].cluster}"`)
        .replaceAll(TLS_MOUNT, tlsDir)
        .replace('path = "/vault/data"', `path = ${JSON.stringify(dataDir)}`)
        .replace(/service_registration "kubernetes" \{\}\n/, "")
        .replace(/(kms_key_id = .*)\n/, `$1\n  endpoint   = ${JSON.stringify(awsEndpoint)}\n`);
    ports.forEach((p, i) => (text = text.replace(`https://${RELEASE_NAME}-${i}.${RELEASE_NAME}-internal:8200`, `https://127.0.0.1:${p.api}`)));
    return text;
}

export interface RaftClusterSettings {
    readonly replicas: number;
    readonly vaultBin: string;
    readonly workDir: string;
    readonly awsEndpoint: string;
    readonly unsealKeyId: string;
    readonly tls: NodeTls;
}

export async function startRaftNodes(s: RaftClusterSettings): Promise<VaultNode[]> {
    const tlsDir = path.join(s.workDir, "tls");
    fs.mkdirSync(tlsDir, { recursive: true });
    fs.writeFileSync(path.join(tlsDir, "ca.crt"), s.tls.caCert);
    fs.copyFileSync(s.tls.certFile, path.join(tlsDir, "tls.crt"));
    fs.copyFileSync(s.tls.keyFile, path.join(tlsDir, "tls.key"));
    const hcl = renderRaftConfig({ region: EMULATOR_REGION, unsealKeyId: s.unsealKeyId, replicas: s.replicas });
    const ports: { api: number; cluster: number }[] = [];
    for (let i = 0; i < s.replicas; i++) ports.push({ api: await freePort(), cluster: await freePort() });
    const nodes = ports.map((p, i) => {
        const dataDir = path.join(s.workDir, `raft${i}`);
        fs.mkdirSync(dataDir, { recursive: true });
        const configFile = path.join(s.workDir, `raft${i}.hcl`);
        fs.writeFileSync(configFile, localRaftConfig(hcl, ports, i, dataDir, tlsDir, s.awsEndpoint), { mode: 0o600 });
        const env = {
            VAULT_API_ADDR: `https://127.0.0.1:${p.api}`,
            VAULT_CLUSTER_ADDR: `https://127.0.0.1:${p.cluster}`,
            VAULT_RAFT_NODE_ID: `${RELEASE_NAME}-${i}`,
        };
        return new VaultNode(i, `https://127.0.0.1:${p.api}`, configFile, s.vaultBin, path.join(s.workDir, `raft${i}.log`), env);
    });
    for (const node of nodes) node.start();
    for (const node of nodes) await waitForListen(node, s.tls.caCert);
    return nodes;
}
