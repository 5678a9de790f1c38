// The event path's trigger on every shipped stack: a subscription filter on the layout's audit log group, the
// permission for CloudWatch Logs pinned to that group and this account, and the settings the function reads.
import * as assert from "assert";
import { auditFilterPattern } from "../../infra/replication/audit-subscription";
import { FLUENT_BIT_FLUSH_SECONDS } from "../../infra/vault-eks/fluent-bit";
import { AGENT_FORCE_FLUSH_SECONDS } from "../../infra/vault-ec2/audit-shipping";
import { OfflineRun } from "../../scripts/offline/recorder";
import { one, ofType, planStack, planWith } from "../support/stack";

const expectations = [
    { stack: "dev", group: "-vault-audit", format: "file" as const, namespace: undefined },
    { stack: "prod", group: "-vault-logs-application", format: "container" as const, namespace: "vault" },
];

function subscriptionOf(run: OfflineRun) {
    const fn = one(run, "aws:lambda/function:Function", "-replication-fn");
    const filter = one(run, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter");
    const permission = one(run, "aws:lambda/permission:Permission", "-audit");
    return { fn, filter, permission, env: fn.inputs.environment.variables };
}

describe("replication: the audit subscription", () => {
    for (const e of expectations) {
        it(`${e.stack}: subscribes the function to the ${e.format} audit group, with the permission pinned to that group and the account`, async () => {
            const run = await planStack(e.stack);
            const { fn, filter, permission, env } = subscriptionOf(run);
            const group = one(run, "aws:cloudwatch/logGroup:LogGroup", e.group);
            const groupName = group.inputs.name ?? `${group.name}-0000000`;
            const groupArn = `arn:aws:logs:eu-west-1:123456789012:log-group:${groupName}`;
            assert.strictEqual(filter.inputs.logGroup, groupName);
            assert.strictEqual(filter.inputs.destinationArn, `arn:aws:lambda:eu-west-1:123456789012:function:${fn.inputs.name ?? `${fn.name}-0000000`}`);
            assert.strictEqual(filter.inputs.filterPattern, auditFilterPattern(e.format, env.VAULT_KV_MOUNT, env.VAULT_KV_PATH, e.namespace));
            assert.deepStrictEqual(
                [permission.inputs.principal, permission.inputs.action, permission.inputs.sourceArn, permission.inputs.sourceAccount],
                ["logs.amazonaws.com", "lambda:InvokeFunction", `${groupArn}:*`, "123456789012"],
            );
            // AWS checks at PutSubscriptionFilter that CloudWatch Logs may invoke the function; the mock does not.
            assert.ok(filter.dependencies?.includes(permission.urn), "the filter waits for the permission");
            assert.deepStrictEqual([env.AUDIT_LOG_GROUP, env.AUDIT_FORMAT, env.AUDIT_NAMESPACE, env.DRIFT_MODE], [groupName, e.format, e.namespace, "rewrite"]);
        });
    }

    for (const stack of ["dev", "prod"])
        it(`${stack}: queues events through an encrypted FIFO queue read one batch at a time, with a dead-letter queue and its alarm`, async () => {
            const run = await planStack(stack);
            const { fn, env } = subscriptionOf(run);
            const queue = one(run, "aws:sqs/queue:Queue", "-replication-events");
            const dlq = one(run, "aws:sqs/queue:Queue", "-replication-events-dlq");
            const key = `arn:aws:kms:eu-west-1:123456789012:key/${one(run, "aws:kms/key:Key", "-replication-secrets-key").name}-key-id`;
            for (const q of [queue, dlq]) {
                assert.strictEqual(q.inputs.fifoQueue, true);
                assert.match(q.inputs.name, /\.fifo$/);
                assert.strictEqual(q.inputs.kmsMasterKeyId, key);
            }
            assert.ok(queue.inputs.visibilityTimeoutSeconds >= fn.inputs.timeout, "Lambda requires a visibility timeout at least the function's");
            assert.deepStrictEqual(JSON.parse(queue.inputs.redrivePolicy), {
                deadLetterTargetArn: `arn:aws:sqs:eu-west-1:123456789012:${dlq.inputs.name}`,
                maxReceiveCount: 3,
            });
            assert.strictEqual(env.EVENT_QUEUE_URL, `https://sqs.eu-west-1.amazonaws.com/123456789012/${queue.inputs.name}`);
            const mapping = one(run, "aws:lambda/eventSourceMapping:EventSourceMapping");
            assert.deepStrictEqual(
                [mapping.inputs.eventSourceArn, mapping.inputs.batchSize, mapping.inputs.functionResponseTypes],
                [`arn:aws:sqs:eu-west-1:123456789012:${queue.inputs.name}`, 10, ["ReportBatchItemFailures"]],
            );
            assert.ok(
                mapping.dependencies?.includes(one(run, "aws:iam/rolePolicy:RolePolicy", "-replication-fn").urn),
                "Lambda checks the role can read the queue",
            );
            // The function's security group reaches only the VPC, so SendMessage needs the SQS interface endpoint.
            assert.ok(ofType(run, "aws:ec2/vpcEndpoint:VpcEndpoint").some((e) => /\.sqs$/.test(e.inputs.serviceName) && e.inputs.privateDnsEnabled));
            const deadLetters = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "-replication-events-dead-letters");
            assert.deepStrictEqual(deadLetters.inputs.dimensions, { QueueName: dlq.inputs.name });
        });

    it("every subscription filter that invokes a Lambda function waits for a permission naming its log group (whole class, both stacks)", async () => {
        for (const stack of ["dev", "prod"]) {
            const run = await planStack(stack);
            for (const filter of ofType(run, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter").filter((f) =>
                /:lambda:/.test(f.inputs.destinationArn),
            )) {
                const permits = ofType(run, "aws:lambda/permission:Permission").filter(
                    (p) =>
                        filter.dependencies?.includes(p.urn) &&
                        p.inputs.sourceArn === `arn:aws:logs:eu-west-1:123456789012:log-group:${filter.inputs.logGroup}:*`,
                );
                assert.strictEqual(permits.length, 1, `${stack}: ${filter.name}`);
            }
        }
    });

    it("ships audit lines every second on both layouts (agent and Fluent Bit), not every five", async () => {
        const dev = await planStack("dev");
        const userData = Buffer.from(one(dev, "aws:ec2/launchTemplate:LaunchTemplate").inputs.userData, "base64").toString();
        assert.match(userData, new RegExp(`"force_flush_interval": ${AGENT_FORCE_FLUSH_SECONDS},`));
        const addon = one(await planStack("prod"), "aws:eks/addon:Addon", "-logs-addon");
        const service: string = JSON.parse(addon.inputs.configurationValues).containerLogs.fluentBit.config.service;
        assert.match(service, new RegExp(`^\\[SERVICE\\]\\n\\s+Flush\\s+${FLUENT_BIT_FLUSH_SECONDS}\\n`));
        assert.doesNotMatch(service, /@INCLUDE/, "the chart appends its own includes");
        assert.strictEqual(FLUENT_BIT_FLUSH_SECONDS, 1);
        assert.strictEqual(AGENT_FORCE_FLUSH_SECONDS, 1);
    });

    it("can be turned off (schedule only), and drift set to report only", async () => {
        const run = await planWith("dev", { "strongroom:replicationOnAuditEvents": "false", "strongroom:replicationDriftMode": "report" });
        assert.strictEqual(ofType(run, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter").length, 0);
        assert.strictEqual(ofType(run, "aws:sqs/queue:Queue").length, 0);
        assert.ok(!ofType(run, "aws:ec2/vpcEndpoint:VpcEndpoint").some((e) => /\.sqs$/.test(e.inputs.serviceName)), "no SQS endpoint to pay for");
        assert.strictEqual(ofType(run, "aws:lambda/eventSourceMapping:EventSourceMapping").length, 0);
        assert.deepStrictEqual(
            ofType(run, "aws:lambda/permission:Permission")
                .filter((p) => p.name.includes("-replication-"))
                .map((p) => p.inputs.principal),
            ["events.amazonaws.com"],
            "the replication function is invoked by its schedule alone (the probe has its own schedule)",
        );
        const env = one(run, "aws:lambda/function:Function", "-replication-fn").inputs.environment.variables;
        assert.strictEqual(env.AUDIT_LOG_GROUP, undefined);
        assert.strictEqual(env.EVENT_QUEUE_URL, undefined);
        assert.strictEqual(env.DRIFT_MODE, "report");
    });

    it("pins the sub-path in the pattern, and refuses a sub-path too long for CloudWatch's 1,024 characters by name", async () => {
        const run = await planWith("dev", { "strongroom:replicationKvPath": "team-a/apps" });
        assert.match(
            one(run, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter").inputs.filterPattern,
            /"hybrid-aws-secrets\/metadata\/team-a\/apps\/\*"/,
        );
        await assert.rejects(
            planWith("prod", { "strongroom:replicationKvPath": "x".repeat(80) }),
            /strongroom:replicationKvPath[^]*filter pattern \d+ characters long, over CloudWatch Logs' 1024/,
        );
    });
});
