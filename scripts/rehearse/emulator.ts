// The AWS API emulator (moto's server, pinned in requirements.txt) on a free loopback port, for one rehearsal.
import { execFileSync } from "child_process";
import * as net from "net";
import * as path from "path";
import { startChild, stopChild, waitUntil } from "./children";

export const EMULATOR_REGION = "eu-west-1";
/** moto accepts any credentials; these name no real account. */
export const EMULATOR_CREDENTIALS = { AWS_ACCESS_KEY_ID: "rehearsal", AWS_SECRET_ACCESS_KEY: "rehearsal", AWS_REGION: EMULATOR_REGION };

export interface Emulator {
    readonly endpoint: string;
    stop(): Promise<void>;
}

export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

export async function startEmulator(workDir: string): Promise<Emulator> {
    const motoServer = execFileSync("bash", [path.join(__dirname, "setup-moto.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
    const port = await freePort();
    // moto's server, started by a launcher that corrects its multi-Region KMS keys (moto_server.py says how).
    const python = path.join(path.dirname(motoServer), "python");
    const child = startChild(python, [path.join(__dirname, "moto_server.py"), "-H", "127.0.0.1", "-p", String(port)], path.join(workDir, "moto.log"));
    const endpoint = `http://127.0.0.1:${port}`;
    await waitUntil("the AWS emulator", async () => (await fetch(`${endpoint}/moto-api/`)).ok);
    return { endpoint, stop: () => stopChild(child) };
}
