// The event source mapping rule: filter criteria are encrypted with a customer-managed key, or not set at all.
import * as assert from "assert";
import { eventSourceMapping } from "../../policies/rules/lambda/event-source-mapping";
import { check } from "./good";

const TYPE = "aws:lambda/eventSourceMapping:EventSourceMapping";
const queue = { eventSourceArn: "arn:aws:sqs:eu-west-1:123456789012:events.fifo", functionName: "fn", batchSize: 10 };
const filters = { filterCriteria: { filters: [{ pattern: JSON.stringify({ body: { team: ["payments"] } }) }] } };

describe(eventSourceMapping.name, () => {
    it("passes a mapping with no filter criteria (the replication function's), and filters under a customer key", async () => {
        assert.deepStrictEqual(await check(eventSourceMapping, TYPE, queue), []);
        assert.deepStrictEqual(await check(eventSourceMapping, TYPE, { ...queue, ...filters, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234" }), []);
    });

    it("fails filter criteria under no key or an AWS-managed one", async () => {
        for (const kmsKeyArn of [undefined, "", "alias/aws/lambda", "arn:aws:kms:eu-west-1:123456789012:alias/aws/lambda"])
            assert.strictEqual((await check(eventSourceMapping, TYPE, { ...queue, ...filters, kmsKeyArn })).length, 1, String(kmsKeyArn));
    });

    it("holds EventBridge Pipes to the same rule: filter criteria under a customer key (kmsKeyIdentifier) or none", async () => {
        const PIPE = "aws:pipes/pipe:Pipe";
        const pipe = {
            roleArn: "arn:aws:iam::123456789012:role/pipe",
            source: queue.eventSourceArn,
            target: "arn:aws:lambda:eu-west-1:123456789012:function:fn",
        };
        const pipeFilters = { sourceParameters: filters };
        assert.deepStrictEqual(await check(eventSourceMapping, PIPE, pipe), []);
        assert.deepStrictEqual(
            await check(eventSourceMapping, PIPE, { ...pipe, ...pipeFilters, kmsKeyIdentifier: "arn:aws:kms:eu-west-1:123456789012:key/1234" }),
            [],
        );
        for (const kmsKeyIdentifier of [undefined, "alias/aws/events"])
            assert.strictEqual((await check(eventSourceMapping, PIPE, { ...pipe, ...pipeFilters, kmsKeyIdentifier })).length, 1, String(kmsKeyIdentifier));
    });
});
