// A TCP relay in front of the emulator's KMS, which the rehearsal can cut and restore: a KMS outage for the nodes
// whose seal points at it, while their storage (DynamoDB) stays reachable. Fault injection, not a fake: every byte
// that passes goes to and from the real emulator.
import * as net from "net";
import { closeOnStop } from "./children";

export class CuttableProxy {
    private server?: net.Server;
    private readonly sockets = new Set<net.Socket>();

    constructor(
        readonly port: number,
        private readonly target: { host: string; port: number },
    ) {}

    get endpoint(): string {
        return `http://127.0.0.1:${this.port}`;
    }

    async open(): Promise<void> {
        this.server = net.createServer((client) => {
            const upstream = net.connect(this.target);
            for (const s of [client, upstream]) {
                this.sockets.add(s);
                s.on("close", () => this.sockets.delete(s));
                s.on("error", () => s.destroy());
            }
            client.pipe(upstream).pipe(client);
        });
        await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
        closeOnStop(() => void this.cut());
    }

    /** Refuses new connections and drops open ones, as an unreachable endpoint does. */
    async cut(): Promise<void> {
        for (const s of this.sockets) s.destroy();
        await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
        this.server = undefined;
    }
}
