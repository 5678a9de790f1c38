// The delivery step between a real Vault and the shipped function, as AWS runs it: a shipper tails the file Vault
// writes (the CloudWatch agent on EC2 tails the audit file; Fluent Bit on EKS tails the pod's stdout and wraps each
// line in a JSON record), sends what it has every flush interval (the interval the stack ships), and each batch it
// sends is filtered with the shipped subscription pattern and handed over as the documented subscription event,
// {"awslogs": {"data": base64(gzip(JSON))}}. Delivery is fire-and-forget, like CloudWatch Logs' asynchronous invoke.
import { randomUUID } from "crypto";
import * as fs from "fs";
import { gzipSync } from "zlib";
import { compileFilterPattern } from "./filter-pattern";

export interface ShipperOptions {
    /** What the shipper tails: Vault's audit file, or the file a Vault node's stdout goes to. */
    readonly file: string;
    readonly format: "file" | "container";
    /** Seconds between sends: the agent's force_flush_interval, Fluent Bit's Flush. */
    readonly flushSeconds: number;
    /** The subscription filter pattern the stack ships. */
    readonly pattern: string;
    readonly logGroup: string;
    readonly owner: string;
    /** For `container`: the pod's namespace, as Fluent Bit's kubernetes filter adds it. */
    readonly namespace?: string;
    readonly deliver: (event: { awslogs: { data: string } }) => void;
}

/** PutLogEvents' limits: a batch is sent early when it reaches either. */
const BATCH_EVENTS = 10_000;
const BATCH_BYTES = 1024 * 1024;

export class AuditShipper {
    private offset: number;
    private partial = "";
    private batch: { message: string; timestamp: number }[] = [];
    private batchBytes = 0;
    private readonly matches: (message: string) => boolean;
    private timers: NodeJS.Timeout[] = [];
    readonly stats = { lines: 0, sends: 0, deliveries: 0, delivered: 0 };

    constructor(private readonly o: ShipperOptions) {
        this.matches = compileFilterPattern(o.pattern);
        // Like the agent and Fluent Bit on a file they already track: from the end, new lines only.
        this.offset = fs.existsSync(o.file) ? fs.statSync(o.file).size : 0;
    }

    start(): this {
        // Tailing reads new lines as they are written (20 ms polls); sending happens on the flush interval.
        this.timers.push(setInterval(() => this.read(), 20));
        this.timers.push(setInterval(() => this.send(), this.o.flushSeconds * 1000));
        return this;
    }

    stop(): void {
        for (const t of this.timers) clearInterval(t);
        this.timers = [];
    }

    private read(): void {
        if (!fs.existsSync(this.o.file)) return;
        const size = fs.statSync(this.o.file).size;
        if (size <= this.offset) return;
        const fd = fs.openSync(this.o.file, "r");
        const chunk = Buffer.alloc(size - this.offset);
        fs.readSync(fd, chunk, 0, chunk.length, this.offset);
        fs.closeSync(fd);
        this.offset = size;
        const lines = (this.partial + chunk.toString("utf8")).split("\n");
        this.partial = lines.pop() ?? "";
        for (const line of lines) if (line.trim()) this.add(this.o.format === "container" ? containerRecord(line, { namespace: this.o.namespace }) : line);
    }

    private add(message: string): void {
        this.stats.lines++;
        this.batch.push({ message, timestamp: Date.now() });
        this.batchBytes += Buffer.byteLength(message) + 26;
        if (this.batch.length >= BATCH_EVENTS || this.batchBytes >= BATCH_BYTES) this.send();
    }

    /** One PutLogEvents batch; CloudWatch Logs delivers the events the subscription's pattern matches. */
    private send(): void {
        if (this.batch.length === 0) return;
        const batch = this.batch;
        this.batch = [];
        this.batchBytes = 0;
        this.stats.sends++;
        const matched = batch.filter((e) => this.matches(e.message));
        if (matched.length === 0) return;
        const delivery = {
            messageType: "DATA_MESSAGE",
            owner: this.o.owner,
            logGroup: this.o.logGroup,
            logStream: "rehearsal-node",
            subscriptionFilters: ["rehearsal-audit"],
            logEvents: matched.map((e) => ({ id: randomUUID().replace(/-/g, ""), timestamp: e.timestamp, message: e.message })),
        };
        this.stats.deliveries++;
        this.stats.delivered += matched.length;
        this.o.deliver({ awslogs: { data: gzipSync(Buffer.from(JSON.stringify(delivery))).toString("base64") } });
    }
}

/**
 * The record Fluent Bit (the CloudWatch Observability add-on's cri parser, kubernetes filter, Merge_Log into
 * log_processed) ships for one line of a pod's stdout.
 */
export function containerRecord(line: string, where: { namespace?: string; container?: string; pod?: string } = {}): string {
    let processed: unknown;
    try {
        processed = JSON.parse(line);
    } catch {
        processed = undefined;
    }
    return JSON.stringify({
        time: new Date().toISOString(),
        stream: "stdout",
        _p: "F",
        log: line,
        ...(processed && typeof processed === "object" ? { log_processed: processed } : {}),
        kubernetes: {
            pod_name: where.pod ?? "vault-0",
            namespace_name: where.namespace ?? "vault",
            pod_id: randomUUID(),
            host: "ip-10-20-1-17.eu-west-1.compute.internal",
            container_name: where.container ?? "vault",
            docker_id: randomUUID().replace(/-/g, ""),
            container_image: "hashicorp/vault:1.21.1",
        },
    });
}
