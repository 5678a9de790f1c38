// A CloudWatch Logs subscription event, decoded defensively: it is untrusted input. The documented envelope is
// `{"awslogs": {"data": base64(gzip(JSON))}}`; the JSON names the log group and carries the matched log events.
// Every bound below is checked before the next step allocates, and any violation refuses the whole event: a batch
// is either all audit lines of successful KV changes under the replicated scope, or nothing is synced from it.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample
import { createHash } from "crypto";
import { gunzipSync } from "zlib";
import * as z from "zod/mini";
import { AuditScope, LineSource, pathOfAuditLine } from "./audit-line";
import { SyncError } from "./errors";

export const EVENT_LIMITS = {
    /** Base64 characters: Lambda takes at most 1 MB of asynchronous payload, the envelope included. */
    dataChars: 1024 * 1024,
    /** Bytes after gunzip: a gzip bomb stops here, long before memory does. */
    jsonBytes: 8 * 1024 * 1024,
    /** Log events per delivery: PutLogEvents' own maximum batch. */
    logEvents: 10_000,
    /** One log event: CloudWatch Logs' maximum event size. */
    messageBytes: 1024 * 1024,
    /** Distinct paths synced from one delivery. */
    paths: 1000,
} as const;

export type AuditBatch =
    | { readonly control: true }
    | {
          readonly control: false;
          readonly paths: string[];
          readonly lines: number;
          /** The delivery's identity (its log events' ids): the same delivery made twice is queued once. */
          readonly id: string;
      };

const Envelope = z.object({ awslogs: z.object({ data: z.string() }) });
const Delivery = z.object({
    messageType: z.enum(["DATA_MESSAGE", "CONTROL_MESSAGE"]),
    owner: z.string(),
    logGroup: z.string(),
    logStream: z.string(),
    logEvents: z.array(z.object({ id: z.string(), timestamp: z.number(), message: z.string() })),
});

/** Whether the invocation came from a CloudWatch Logs subscription rather than the schedule. */
export function isSubscriptionEvent(event: unknown): boolean {
    return typeof event === "object" && event !== null && "awslogs" in event;
}

export interface EventSource extends LineSource {
    /** The one log group the subscription is on. */
    readonly logGroup: string;
    /** The function's own account, when the invocation says it: the log group must be in it. */
    readonly account?: string;
}

/** The distinct paths a delivery asks to sync, or a SyncError whose kind says why it is refused. */
export function decodeAuditEvent(event: unknown, source: EventSource, scope: AuditScope): AuditBatch {
    const envelope = Envelope.safeParse(event);
    if (!envelope.success) throw refused("event-malformed", "is not a CloudWatch Logs subscription event ({awslogs: {data}})");
    const data = envelope.data.awslogs.data;
    if (data.length > EVENT_LIMITS.dataChars) throw refused("event-too-large", `carries ${data.length} characters of data (at most ${EVENT_LIMITS.dataChars})`);
    if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) throw refused("event-malformed", "data is not base64");
    const delivery = Delivery.safeParse(parseJson(gunzip(Buffer.from(data, "base64"))));
    if (!delivery.success) throw refused("event-malformed", "data is not a subscription delivery (messageType, owner, logGroup, logStream, logEvents)");
    const d = delivery.data;
    // CloudWatch Logs checks that the destination is reachable with these; they carry no log events to sync.
    if (d.messageType === "CONTROL_MESSAGE") return { control: true };
    if (d.logGroup !== source.logGroup || (source.account !== undefined && d.owner !== source.account))
        throw refused("event-foreign-log-group", "comes from another log group or account than the subscription's");
    if (d.logEvents.length > EVENT_LIMITS.logEvents)
        throw refused("event-too-large", `carries ${d.logEvents.length} log events (at most ${EVENT_LIMITS.logEvents})`);
    const paths = new Set<string>();
    for (const { message } of d.logEvents) {
        if (Buffer.byteLength(message, "utf8") > EVENT_LIMITS.messageBytes) throw refused("event-too-large", "carries a log event over 1 MB");
        const verdict = pathOfAuditLine(message, source, scope);
        if ("refused" in verdict)
            throw refused(
                `event-${verdict.refused}`,
                verdict.refused === "foreign-path"
                    ? `names a path outside ${scope.mount}/${scope.path}`
                    : "carries a line that is not the audit record of a successful KV v2 change",
            );
        paths.add(verdict.path);
        if (paths.size > EVENT_LIMITS.paths) throw refused("event-too-large", `names more than ${EVENT_LIMITS.paths} paths`);
    }
    const id = createHash("sha256")
        .update(d.logEvents.map((e) => e.id).join("\n"))
        .digest("hex");
    return { control: false, paths: [...paths].sort(), lines: d.logEvents.length, id };
}

function gunzip(compressed: Buffer): Buffer {
    if (compressed[0] !== 0x1f || compressed[1] !== 0x8b) throw refused("event-malformed", "data is not gzip");
    try {
        return gunzipSync(compressed, { maxOutputLength: EVENT_LIMITS.jsonBytes });
    } catch (err) {
        if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError)
            throw refused("event-too-large", `decompresses to more than ${EVENT_LIMITS.jsonBytes} bytes`);
        throw refused("event-malformed", "data is not valid gzip");
    }
}

function parseJson(bytes: Buffer): unknown {
    try {
        return JSON.parse(bytes.toString("utf8"));
    } catch {
        return undefined;
    }
}

/** The message names the event's problem, never its content. */
function refused(kind: string, why: string): SyncError {
    return new SyncError(kind, `audit event refused: it ${why}`);
}
