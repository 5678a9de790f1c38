// Vault nodes as the ec2-dynamodb layout runs them, on loopback: each node's vault.hcl rendered by the project's
// own renderer (infra/vault-ec2/server-config.ts), with only addresses, ports, certificate paths and the AWS
// endpoint substituted, and the real Vault binary started on it.
import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { renderVaultHcl } from "../../infra/vault-ec2/server-config";
import { currentGeneration, startChild, stopChild, waitUntil } from "./children";
import { EMULATOR_CREDENTIALS, EMULATOR_REGION, freePort } from "./emulator";
import { vaultRequest } from "./vault-http";

export interface NodeTls {
    readonly caCert: string;
    readonly certFile: string;
    readonly keyFile: string;
}

/** Seconds between restarts: the unit's RestartSec (10), scaled down so drills take seconds. */
export const REHEARSAL_RESTART_SECONDS = 1;

/** A node supervised as systemd runs the unit (Restart=always, no start limit): a Vault that exits is started again. */
export class Ec2Node {
    child?: ChildProcess;
    private supervised = false;

    constructor(
        readonly index: number,
        readonly address: string,
        readonly configFile: string,
        private readonly vaultBin: string,
        readonly logFile: string,
    ) {}

    start(): void {
        this.supervised = true;
        const born = currentGeneration();
        const run = () => {
            if (born !== currentGeneration()) return;
            this.child = startChild(this.vaultBin, ["server", `-config=${this.configFile}`], this.logFile, {
                env: { PATH: process.env.PATH, HOME: process.env.HOME, ...EMULATOR_CREDENTIALS },
            });
            this.child.once("exit", () => {
                if (this.supervised) setTimeout(() => this.supervised && run(), REHEARSAL_RESTART_SECONDS * 1000);
            });
        };
        run();
    }

    /** Kills the node for good (an instance lost), or until start() is called again. */
    async stop(): Promise<void> {
        this.supervised = false;
        if (this.child) await stopChild(this.child);
    }
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
}

export async function startEc2Nodes(s: Ec2ClusterSettings): Promise<Ec2Node[]> {
    const nodes: Ec2Node[] = [];
    for (let i = 0; i < s.count; i++) {
        const [apiPort, clusterPort] = [await freePort(), await freePort()];
        const hcl = renderVaultHcl({
            region: EMULATOR_REGION,
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
        const node = new Ec2Node(i, `https://127.0.0.1:${apiPort}`, configFile, s.vaultBin, path.join(s.workDir, `node${i}.log`));
        node.start();
        nodes.push(node);
    }
    for (const node of nodes) {
        await waitUntil(
            `Vault node ${node.index} to listen`,
            async () => (await vaultRequest(node.address, s.tls.caCert, "GET", "sys/health")).status > 0,
            20_000,
        ).catch((err: Error) => {
            // Vault exits at start on a bad config or an unusable seal key: say what it said.
            const said = fs
                .readFileSync(node.logFile, "utf8")
                .trim()
                .split("\n")
                .filter((l) => /error/i.test(l))
                .pop();
            throw new Error(`${err.message}${said ? `; Vault says: ${said.trim()}` : ""} (config: ${node.configFile})`, { cause: err });
        });
    }
    return nodes;
}
