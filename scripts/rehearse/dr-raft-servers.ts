// Vault servers on the Raft config the stack passes to the chart (renderRaftConfig), for the region-loss drill:
// addresses, ports, paths and the AWS endpoint substituted, what the chart sets through the environment set the same
// way, `service_registration "kubernetes"` left out. The drill is about the DR path (the copied snapshot, the
// replica key, vault:init's restore), so it runs the config without the chart's Kubernetes parts; the chart itself
// is rehearsed on a real API server by the eks-raft rehearsal (raft-nodes.ts).
import * as fs from "fs";
import * as path from "path";
import { METRICS_PORT, RELEASE_NAME, renderRaftConfig, TLS_MOUNT } from "../../infra/vault-eks/helm-values";
import { NodeTls } from "./ec2-nodes";
import { EMULATOR_REGION, freePort } from "./emulator";
import { VaultNode, waitForListen } from "./vault-node";

/** The chart's config with each server's address and the drill's paths put in. */
export function localRaftConfig(
    hcl: string,
    ports: { api: number; cluster: number; metrics: number }[],
    me: number,
    dataDir: string,
    tlsDir: string,
    awsEndpoint: string,
): string {
    let text = hcl
        .replace('address         = "[::]:8200"', `address         = "127.0.0.1:${ports[me].api}"`)
        .replace('cluster_address = "[::]:8201"', `cluster_address = "127.0.0.1:${ports[me].cluster}"`)
        // The metrics listener too: servers on one host cannot share a port.
        .replace(`address         = "[::]:${METRICS_PORT}"`, `address         = "127.0.0.1:${ports[me].metrics}"`)
        .replaceAll(TLS_MOUNT, tlsDir)
        .replace('path = "/vault/data"', `path = ${JSON.stringify(dataDir)}`)
        .replace(/service_registration "kubernetes" \{\}\n/, "")
        .replace(/(kms_key_id = .*)\n/, `$1\n  endpoint   = ${JSON.stringify(awsEndpoint)}\n`);
    ports.forEach((p, i) => (text = text.replace(`https://${RELEASE_NAME}-${i}.${RELEASE_NAME}-internal:8200`, `https://127.0.0.1:${p.api}`)));
    return text;
}

export interface RaftServersSettings {
    readonly replicas: number;
    readonly vaultBin: string;
    readonly workDir: string;
    readonly awsEndpoint: string;
    readonly unsealKeyId: string;
    readonly tls: NodeTls;
    /** The region of the key. Default: the emulator's. */
    readonly region?: string;
}

export async function startRaftServers(s: RaftServersSettings): Promise<VaultNode[]> {
    const tlsDir = path.join(s.workDir, "tls");
    fs.mkdirSync(tlsDir, { recursive: true });
    fs.writeFileSync(path.join(tlsDir, "ca.crt"), s.tls.caCert);
    fs.copyFileSync(s.tls.certFile, path.join(tlsDir, "tls.crt"));
    fs.copyFileSync(s.tls.keyFile, path.join(tlsDir, "tls.key"));
    const region = s.region ?? EMULATOR_REGION;
    const hcl = renderRaftConfig({ region, unsealKeyId: s.unsealKeyId, replicas: s.replicas });
    const ports: { api: number; cluster: number; metrics: number }[] = [];
    for (let i = 0; i < s.replicas; i++) ports.push({ api: await freePort(), cluster: await freePort(), metrics: await freePort() });
    const nodes = ports.map((p, i) => {
        const dataDir = path.join(s.workDir, `raft${i}`);
        fs.mkdirSync(dataDir, { recursive: true });
        const configFile = path.join(s.workDir, `raft${i}.hcl`);
        fs.writeFileSync(configFile, localRaftConfig(hcl, ports, i, dataDir, tlsDir, s.awsEndpoint), { mode: 0o600 });
        const env = {
            VAULT_API_ADDR: `https://127.0.0.1:${p.api}`,
            VAULT_CLUSTER_ADDR: `https://127.0.0.1:${p.cluster}`,
            VAULT_RAFT_NODE_ID: `${RELEASE_NAME}-${i}`,
            AWS_REGION: region,
        };
        return new VaultNode(i, `https://127.0.0.1:${p.api}`, configFile, s.vaultBin, path.join(s.workDir, `raft${i}.log`), env);
    });
    for (const node of nodes) node.start();
    for (const node of nodes) await waitForListen(node, s.tls.caCert);
    return nodes;
}
