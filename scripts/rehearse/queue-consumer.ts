// Lambda's event source mapping for the event queue, as documented for a FIFO queue with one message group: one
// batch (up to 10 messages) at a time, handed to the function; the messages it does not name in batchItemFailures
// are deleted, the others become visible again. The queue itself is the emulator's (moto) SQS.
// https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-fifo
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from "./emulator";
import { LambdaEnvironments } from "./lambda-environments";

export function sqsClient(endpoint: string): SQSClient {
    return new SQSClient({
        region: EMULATOR_REGION,
        endpoint,
        credentials: { accessKeyId: EMULATOR_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: EMULATOR_CREDENTIALS.AWS_SECRET_ACCESS_KEY },
        useQueueUrlAsEndpoint: false,
    });
}

/** A FIFO queue in the emulator, shaped like the stack's (visibility at least the function's timeout). */
export async function createEventQueue(endpoint: string, name: string): Promise<string> {
    const created = await sqsClient(endpoint).send(
        new CreateQueueCommand({ QueueName: `${name}.fifo`, Attributes: { FifoQueue: "true", VisibilityTimeout: "900", MessageRetentionPeriod: "3600" } }),
    );
    return created.QueueUrl!;
}

export class QueueConsumer {
    private running = false;
    private loop?: Promise<void>;
    readonly stats = { batches: 0, messages: 0, handedBack: 0 };
    /** Per message: from its sending to its batch being handed to the function (ms). */
    readonly waitsMs: number[] = [];

    constructor(
        private readonly endpoint: string,
        private readonly queueUrl: string,
        private readonly worker: LambdaEnvironments,
    ) {}

    start(): this {
        this.running = true;
        this.loop = this.poll();
        return this;
    }

    async stop(): Promise<void> {
        this.running = false;
        await this.loop;
    }

    private async poll(): Promise<void> {
        const sqs = sqsClient(this.endpoint);
        while (this.running) {
            const got = await sqs.send(
                new ReceiveMessageCommand({ QueueUrl: this.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ["All"] }),
            );
            const messages = got.Messages ?? [];
            if (messages.length === 0) continue;
            this.stats.batches++;
            this.stats.messages += messages.length;
            for (const m of messages) this.waitsMs.push(Date.now() - Number(m.Attributes?.SentTimestamp ?? Date.now()));
            const reply = await this.worker.invoke({
                Records: messages.map((m) => ({
                    messageId: m.MessageId,
                    receiptHandle: m.ReceiptHandle,
                    body: m.Body,
                    attributes: m.Attributes ?? {},
                    eventSource: "aws:sqs",
                    eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:rehearsal-events.fifo",
                })),
            });
            const retry = new Set(((reply.result?.batchItemFailures as { itemIdentifier: string }[] | undefined) ?? []).map((f) => f.itemIdentifier));
            this.stats.handedBack += retry.size;
            const done = messages.filter((m) => reply.ok && !retry.has(m.MessageId!));
            if (done.length > 0)
                await sqs.send(
                    new DeleteMessageBatchCommand({
                        QueueUrl: this.queueUrl,
                        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
                    }),
                );
        }
    }
}
