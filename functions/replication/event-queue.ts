// The FIFO queue between audit events and the syncs they ask for. CloudWatch Logs invokes the function
// asynchronously, and Lambda runs overlapping invocations concurrently, each with its own pacer: in a burst their
// writes would add up past Secrets Manager's quota. A subscription invocation therefore only checks an event and
// queues its paths; the queue's event source mapping hands one batch at a time to the function (one message group),
// whose single pacer then keeps the account within the quota.
// https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-fifo (one batch per message group at a time)
import { AuditScope, scopedPath } from "./audit-line";
import { SyncError } from "./errors";
import { awsRequestHandler } from "./secrets-store";

/** One group: every queued sync waits for the one before it. */
export const MESSAGE_GROUP = "audit-events";
/** SQS's message size limit is 256 KB; paths are split over as many messages as they need. */
export const MAX_MESSAGE_BYTES = 200 * 1024;
/** Paths taken from one batch of queued messages (10 messages of up to 1,000 paths). */
export const MAX_BATCH_PATHS = 10_000;

interface QueueRecord {
    readonly messageId: string;
    readonly body: string;
    readonly eventSource?: string;
}

/** Whether the invocation is a batch from the event queue. */
export function isQueueEvent(event: unknown): event is { Records: QueueRecord[] } {
    const records = (event as { Records?: unknown })?.Records;
    return Array.isArray(records) && records.length > 0 && records.every((r) => (r as QueueRecord)?.eventSource === "aws:sqs");
}

/** Queues paths in order, as few messages as the size limit allows; the delivery's id makes a repeat a no-op. */
export async function enqueuePaths(region: string, queueUrl: string, paths: readonly string[], deliveryId: string): Promise<number> {
    const chunks: string[][] = [[]];
    let bytes = 0;
    for (const p of paths) {
        const size = Buffer.byteLength(JSON.stringify(p)) + 1;
        if (bytes + size > MAX_MESSAGE_BYTES && chunks[chunks.length - 1].length > 0) {
            chunks.push([]);
            bytes = 0;
        }
        chunks[chunks.length - 1].push(p);
        bytes += size;
    }
    // Loaded on first use: only subscription invocations queue.
    const { SendMessageCommand, SQSClient } = await import("@aws-sdk/client-sqs");
    // The regional endpoint (or AWS_ENDPOINT_URL), not the queue URL's host: in the VPC both resolve to the endpoint.
    const sqs = new SQSClient({ region, requestHandler: awsRequestHandler(), useQueueUrlAsEndpoint: false });
    for (const [i, chunk] of chunks.entries())
        await sqs.send(
            new SendMessageCommand({
                QueueUrl: queueUrl,
                MessageBody: JSON.stringify({ paths: chunk }),
                MessageGroupId: MESSAGE_GROUP,
                MessageDeduplicationId: `${deliveryId.slice(0, 64)}-${i}`,
            }),
        );
    return chunks.length;
}

export interface QueuedBatch {
    readonly paths: string[];
    /** Messages that are not what this function queues: reported, and dropped (a retry would not change them). */
    readonly refused: { messageId: string; kind: string }[];
}

/** The distinct paths of a batch of queued messages, each checked again against the scope: the queue is input too. */
export function pathsOfQueueEvent(event: { Records: QueueRecord[] }, scope: AuditScope): QueuedBatch {
    const paths = new Set<string>();
    const refused: QueuedBatch["refused"] = [];
    for (const record of event.Records) {
        let body: unknown;
        try {
            body = JSON.parse(record.body);
        } catch {
            body = undefined;
        }
        const listed = (body as { paths?: unknown })?.paths;
        if (!Array.isArray(listed) || listed.some((p) => typeof p !== "string")) {
            refused.push({ messageId: record.messageId, kind: "queued-malformed" });
            continue;
        }
        const verdicts = listed.map((p: string) => scopedPath(p, scope));
        const bad = verdicts.find((v) => "refused" in v);
        if (bad && "refused" in bad) {
            refused.push({ messageId: record.messageId, kind: `queued-${bad.refused}` });
            continue;
        }
        for (const v of verdicts) if ("path" in v) paths.add(v.path);
        if (paths.size > MAX_BATCH_PATHS) throw new SyncError("queued-too-large", `queued batch names more than ${MAX_BATCH_PATHS} paths`);
    }
    return { paths: [...paths].sort(), refused };
}
