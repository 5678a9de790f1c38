// The FIFO queue between audit events and the syncs they ask for (functions/replication/event-queue.ts): Lambda runs
// overlapping subscription invocations concurrently, each with its own pacer, so a burst would write past Secrets
// Manager's quota. Subscription invocations only queue paths; the queue's event source mapping gives the function one
// batch at a time (one message group), and its one pacer keeps the account within the quota.
// https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarm } from "../alerts";
import { fit } from "../names";

/** CreateQueue: 80 characters, the `.fifo` suffix included. */
const QUEUE_NAME_LIMIT = 80;

export interface EventQueueArgs {
    /** The function's own key: the queue holds KV paths (never values), encrypted like everything else it keeps. */
    readonly keyArn: pulumi.Input<string>;
    readonly alertTopicArn: pulumi.Input<string>;
    /** The function's timeout: a batch stays invisible at least that long (Lambda requires it). */
    readonly functionTimeoutSeconds: number;
}

export interface EventQueue {
    readonly queue: aws.sqs.Queue;
    readonly deadLetters: aws.sqs.Queue;
}

/** `<name>.fifo`, within CreateQueue's limit (fit() leaves room for an autoname suffix of 8; `.fifo` takes 5). */
function fifoName(logical: string): string {
    return `${fit(logical, QUEUE_NAME_LIMIT - 5 + 8)}.fifo`;
}

export function eventQueue(name: string, args: EventQueueArgs, parent: pulumi.Resource): EventQueue {
    const opts = { parent };
    const deadLetters = new aws.sqs.Queue(
        `${name}-events-dlq`,
        {
            name: fifoName(`${name}-events-dlq`),
            fifoQueue: true,
            kmsMasterKeyId: args.keyArn,
            // Two weeks to look at what could not be synced; the schedule has reconciled those paths meanwhile.
            messageRetentionSeconds: 14 * 24 * 3600,
        },
        opts,
    );
    const queue = new aws.sqs.Queue(
        `${name}-events`,
        {
            name: fifoName(`${name}-events`),
            fifoQueue: true,
            kmsMasterKeyId: args.keyArn,
            visibilityTimeoutSeconds: args.functionTimeoutSeconds,
            // An event older than a schedule period is the schedule's to reconcile.
            messageRetentionSeconds: 3600,
            // A batch that could not be synced at all (Vault or AWS unreachable) is tried three times, then set aside.
            redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: deadLetters.arn, maxReceiveCount: 3 }),
        },
        opts,
    );
    alarm(
        `${name}-events-dead-letters`,
        args.alertTopicArn,
        {
            alarmDescription: "Queued audit events could not be synced three times: see the replication function's SNS reports and logs",
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: deadLetters.name },
            statistic: "Maximum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
        },
        parent,
    );
    return { queue, deadLetters };
}

/** The event source mapping: one batch of up to 10 messages at a time, partial failures reported per message. */
export function consumeEvents(
    name: string,
    queue: aws.sqs.Queue,
    functionArn: pulumi.Input<string>,
    opts: pulumi.ResourceOptions,
): aws.lambda.EventSourceMapping {
    return new aws.lambda.EventSourceMapping(
        `${name}-events`,
        { eventSourceArn: queue.arn, functionName: functionArn, batchSize: 10, functionResponseTypes: ["ReportBatchItemFailures"] },
        opts,
    );
}
