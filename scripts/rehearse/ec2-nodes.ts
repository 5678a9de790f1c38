// Vault nodes as the ec2-dynamodb layout runs them, on loopback: each node's vault.hcl rendered by the project's
// own renderer (infra/vault-ec2/server-config.ts), with only addresses, ports, certificate paths and the AWS
// endpoint substituted, and the real Vault binary started on it.
import * as fs from "fs";
import * as path from "path";
import { renderVaultHcl } from "../../infra/vault-ec2/server-config";
import { EMULATOR_REGION, freePort } from "./emulator";
import { VaultNode, waitForListen } from "./vault-node";

export interface NodeTls {
    readonly caCert: string;
    readonly certFile: string;
    readonly keyFile: string;
}

export interface Ec2ClusterSettings {
    readonly count: number;
    readonly vaultBin: string;
    readonly workDir: string;
    readonly awsEndpoint: string;
    /** Per node, a KMS endpoint other than awsEndpoint (a cuttable relay). Default: awsEndpoint. */
    readonly kmsEndpoints?: (string | undefined)[];
    readonly tableName: string;
    readonly unsealKeyId: string;
    readonly tls: NodeTls;
    /** The region of the table and the key. Default: the emulator's (the region-loss drill starts a DR region). */
    readonly region?: string;
}

export async function startEc2Nodes(s: Ec2ClusterSettings): Promise<VaultNode[]> {
    const nodes: VaultNode[] = [];
    for (let i = 0; i < s.count; i++) {
        const [apiPort, clusterPort] = [await freePort(), await freePort()];
        const hcl = renderVaultHcl({
            region: s.region ?? EMULATOR_REGION,
            tableName: s.tableName,
            unsealKeyId: s.unsealKeyId,
            tlsCertFile: s.tls.certFile,
            tlsKeyFile: s.tls.keyFile,
            nodeAddress: "127.0.0.1",
            forwardedForCidrs: ["127.0.0.1/32"],
            listen: { address: "127.0.0.1", apiPort, clusterPort },
            awsEndpoint: s.awsEndpoint,
            kmsEndpoint: s.kmsEndpoints?.[i],
        });
        const configFile = path.join(s.workDir, `node${i}.hcl`);
        fs.writeFileSync(configFile, hcl, { mode: 0o600 });
        // Vault's DynamoDB storage takes AWS_REGION from the environment over its config (the rehearsal sets the emulator's).
        const env: Record<string, string> = s.region ? { AWS_REGION: s.region } : {};
        const node = new VaultNode(i, `https://127.0.0.1:${apiPort}`, configFile, s.vaultBin, path.join(s.workDir, `node${i}.log`), env);
        node.start();
        nodes.push(node);
    }
    for (const node of nodes) await waitForListen(node, s.tls.caCert);
    return nodes;
}
