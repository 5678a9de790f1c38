// Secrets Manager's write quotas in front of the AWS emulator, which has none: a loopback relay that forwards every
// request to moto, but answers a write beyond the quota of its API group (the groups the fakes use) in a one-second
// window with ThrottlingException, as Secrets Manager does, and records every write (what, which secret, when, the
// answer).
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
import * as http from "http";
import { AddressInfo } from "net";
import { QUOTA_GROUP } from "../../test/support/fakes/fake-secrets-manager";
import { closeOnStop } from "./children";

export interface RecordedWrite {
    readonly operation: string;
    readonly secret: string;
    readonly at: number;
    readonly status: number;
}

export class QuotaRelay {
    private server?: http.Server;
    private readonly windows = new Map<string, { start: number; writes: number }>();
    readonly writes: RecordedWrite[] = [];
    /** Every Secrets Manager call by operation, reads included. */
    readonly calls = new Map<string, number>();
    throttled = 0;

    constructor(
        private readonly target: string,
        private readonly perSecond: number,
    ) {}

    get endpoint(): string {
        return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    }

    async start(): Promise<this> {
        this.server = http.createServer((req, res) => void this.relay(req, res));
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        closeOnStop(() => this.server?.close());
        return this;
    }

    private async relay(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const body = Buffer.concat(chunks);
        const operation = String(req.headers["x-amz-target"] ?? "").replace(/^secretsmanager\./, "");
        const group = QUOTA_GROUP[operation];
        if (operation) this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
        const secret = group ? String(JSON.parse(body.toString() || "{}").Name ?? JSON.parse(body.toString() || "{}").SecretId ?? "") : "";
        if (group && this.overQuota(group)) {
            this.throttled++;
            this.writes.push({ operation, secret, at: Date.now(), status: 400 });
            res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
            return void res.end(JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }));
        }
        const upstream = await fetch(`${this.target}${req.url}`, {
            method: req.method,
            headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "content-length", "connection"].includes(k))) as Record<
                string,
                string
            >,
            body: ["GET", "HEAD"].includes(req.method ?? "GET") ? undefined : body,
        });
        const answer = Buffer.from(await upstream.arrayBuffer());
        if (group) this.writes.push({ operation, secret, at: Date.now(), status: upstream.status });
        res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
        res.end(answer);
    }

    private overQuota(group: string): boolean {
        const now = Date.now();
        let w = this.windows.get(group);
        if (!w || now - w.start >= 1000) this.windows.set(group, (w = { start: now, writes: 0 }));
        return ++w.writes > this.perSecond;
    }
}
