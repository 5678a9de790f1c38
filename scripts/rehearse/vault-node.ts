// One real Vault server process of the rehearsal, restarted whenever it exits, as its platform would.
import { ChildProcess } from "child_process";
import * as fs from "fs";
import { currentGeneration, startChild, stopChild, waitUntil } from "./children";
import { EMULATOR_CREDENTIALS } from "./emulator";
import { vaultRequest } from "./vault-http";

/** Seconds between restarts: the unit's RestartSec (10), scaled down so drills take seconds. */
export const REHEARSAL_RESTART_SECONDS = 1;

/** A Vault server supervised as systemd runs the unit (Restart=always, no start limit) or a StatefulSet its pods: a Vault that exits is started again. */
export class VaultNode {
    child?: ChildProcess;
    private supervised = false;

    constructor(
        readonly index: number,
        readonly address: string,
        readonly configFile: string,
        private vaultBin: string,
        readonly logFile: string,
        /** What the platform sets in the environment (the chart: API and cluster addresses, the Raft node id). */
        private readonly env: Record<string, string> = {},
        /** The whole command line, when Vault is not started directly (a pod's start script, in its sandbox). */
        private argv?: string[],
    ) {}

    start(): void {
        this.supervised = true;
        const born = currentGeneration();
        const run = () => {
            if (born !== currentGeneration()) return;
            const [command, ...args] = this.argv ?? [this.vaultBin, "server", `-config=${this.configFile}`];
            this.child = startChild(command, args, this.logFile, {
                env: { PATH: process.env.PATH, HOME: process.env.HOME, ...EMULATOR_CREDENTIALS, ...this.env },
            });
            this.child.once("exit", () => {
                if (this.supervised) setTimeout(() => this.supervised && run(), REHEARSAL_RESTART_SECONDS * 1000);
            });
        };
        run();
    }

    /** Kills the node for good (an instance lost), or until start() is called again. SIGTERM stops it as its platform would. */
    async stop(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
        this.supervised = false;
        if (this.child) await stopChild(this.child, signal);
    }

    /** The release this node runs. */
    get binary(): string {
        return this.vaultBin;
    }

    /** Replaced as an instance refresh or a deleted pod replaces it: SIGTERM, then the same config and data on another release. */
    async replaceBinary(vaultBin: string): Promise<void> {
        await this.stop("SIGTERM");
        // A pod's start script names the binary it execs: the new image's binary replaces it there too.
        this.argv = this.argv?.map((a) => a.split(this.vaultBin).join(vaultBin));
        this.vaultBin = vaultBin;
        this.start();
    }
}

/** Waits until the node answers HTTPS; if it does not (Vault exits at start on a bad config), says what Vault said. */
export async function waitForListen(node: VaultNode, ca: string): Promise<void> {
    await waitUntil(`Vault node ${node.index} to listen`, async () => (await vaultRequest(node.address, ca, "GET", "sys/health")).status > 0, 20_000).catch(
        (err: Error) => {
            const lines = fs.readFileSync(node.logFile, "utf8").trim().split("\n");
            const said = lines.filter((l) => /error/i.test(l)).pop();
            throw new Error(`${err.message}${said ? `; Vault says: ${said.trim()}` : ""} (config: ${node.configFile})`, { cause: err });
        },
    );
}
