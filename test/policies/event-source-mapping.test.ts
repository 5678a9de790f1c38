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
});
