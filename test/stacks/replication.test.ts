// The replication component as every shipped stack deploys it.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import { REPLICA_WRITE_ACTIONS } from "../../infra/replication/execution-policy";
import { doc, one, ofType, planStack, planWith } from "../support/stack";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

async function bundledCode(stack: string): Promise<string> {
    const fn = one(await planStack(stack), "aws:lambda/function:Function", "-replication-fn");
    const assets = await fn.inputs.code.assets;
    assert.deepStrictEqual(Object.keys(assets), ["index.js"]);
    return assets["index.js"].text;
}

describe("replication (dev stack)", () => {
    it("is not retried by Lambda's asynchronous defaults, reserves no concurrency, and paces writes to the quota", async () => {
        const run = await planStack("dev");
        const fn = one(run, "aws:lambda/function:Function", "-replication-fn");
        assert.strictEqual(fn.inputs.reservedConcurrentExecutions, undefined, "new accounts refuse any reserved concurrency");
        assert.strictEqual(fn.inputs.environment.variables.WRITE_RATE, "50");
        const env = fn.inputs.environment.variables;
        assert.strictEqual(env.VAULT_AWS_IAM_SERVER_ID, new URL(env.VAULT_ADDR).hostname, "signs the host vault:configure requires");
        const invoke = one(run, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "-replication-async");
        assert.strictEqual(invoke.inputs.maximumRetryAttempts, 0, "the next schedule is the retry");
        assert.strictEqual(invoke.inputs.functionName, fn.inputs.name ?? invoke.inputs.functionName);
    });

    it("writes Secrets Manager only under its prefix, with the explicit Deny guard on everything else", async () => {
        const run = await planStack("dev");
        const s = doc(one(run, "aws:iam/rolePolicy:RolePolicy", "-replication-fn").inputs.policy).Statement;
        const prefixArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hybrid-aws-secrets/*";
        const bySid = Object.fromEntries(s.map((x) => [x.Sid, x]));
        assert.deepStrictEqual(bySid.WriteReplicas, { Sid: "WriteReplicas", Effect: "Allow", Action: REPLICA_WRITE_ACTIONS, Resource: [prefixArn] });
        assert.deepStrictEqual(bySid.NoWritesOutsidePrefix, {
            Sid: "NoWritesOutsidePrefix",
            Effect: "Deny",
            Action: REPLICA_WRITE_ACTIONS,
            NotResource: [prefixArn],
        });
        assert.deepStrictEqual(bySid.ListReplicas.Resource, ["*"]);
        assert.deepStrictEqual(bySid.ListReplicas.Action, ["secretsmanager:ListSecrets"]);
        assert.deepStrictEqual(
            bySid.NoSecretValues,
            { Sid: "NoSecretValues", Effect: "Deny", Action: ["secretsmanager:GetSecretValue"], Resource: ["*"] },
            "aws auth mode reads no secret values at all",
        );
    });

    it("uses only its own KMS key (and the alert topic's, through SNS) and the alert topic, each with a Deny guard", async () => {
        const run = await planStack("dev");
        const bySid = Object.fromEntries(doc(one(run, "aws:iam/rolePolicy:RolePolicy", "-replication-fn").inputs.policy).Statement.map((x) => [x.Sid, x]));
        const key = `arn:aws:kms:eu-west-1:123456789012:key/${one(run, "aws:kms/key:Key", "-replication-secrets-key").name}-key-id`;
        const dataKey = `arn:aws:kms:eu-west-1:123456789012:key/${one(run, "aws:kms/key:Key", "-data-key").name}-key-id`;
        assert.deepStrictEqual(bySid.UseSecretsKey.Resource, [key]);
        assert.deepStrictEqual(bySid.UseSecretsKey.Action, ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]);
        assert.deepStrictEqual(bySid.PublishEncrypted.Resource, [dataKey]);
        assert.deepStrictEqual(bySid.PublishEncrypted.Condition, { StringEquals: { "kms:ViaService": "sns.eu-west-1.amazonaws.com" } });
        assert.deepStrictEqual(bySid.NoOtherKeys, { Sid: "NoOtherKeys", Effect: "Deny", Action: ["kms:*"], NotResource: [key, dataKey] });
        const topicResource = one(run, "aws:sns/topic:Topic");
        const topic = `arn:aws:sns:eu-west-1:123456789012:${topicResource.name}-0000000`;
        assert.deepStrictEqual(bySid.ReportFailures.Resource, [topic]);
        assert.deepStrictEqual(bySid.NoOtherTopics, { Sid: "NoOtherTopics", Effect: "Deny", Action: ["sns:*"], NotResource: [topic] });
        assert.strictEqual(topicResource.inputs.kmsMasterKeyId, dataKey);
        assert.strictEqual(one(run, "aws:lambda/function:Function", "-replication-fn").inputs.kmsKeyArn, key);
        assert.strictEqual(one(run, "aws:lambda/function:Function", "-replication-fn").inputs.environment.variables.FAILURE_TOPIC_ARN, topic);
    });

    it("runs every 30 minutes (longer than its 15-minute timeout, so runs never overlap), invoked only by its own rule, on arm64 in the private subnets", async () => {
        const run = await planStack("dev");
        const rule = one(run, "aws:cloudwatch/eventRule:EventRule", "-replication-schedule");
        assert.strictEqual(rule.inputs.scheduleExpression, "rate(30 minutes)");
        const permission = one(run, "aws:lambda/permission:Permission", "-replication-schedule");
        assert.strictEqual(permission.inputs.principal, "events.amazonaws.com");
        assert.strictEqual(permission.inputs.sourceArn, `arn:aws:events:eu-west-1:123456789012:rule/${rule.name}-0000000`);
        const fn = one(run, "aws:lambda/function:Function", "-replication-fn");
        assert.strictEqual(fn.inputs.timeout, 900);
        assert.deepStrictEqual(fn.inputs.architectures, ["arm64"]);
        assert.strictEqual(fn.inputs.runtime, "nodejs22.x");
        assert.deepStrictEqual(
            fn.inputs.vpcConfig.subnetIds,
            ofType(run, "aws:ec2/subnet:Subnet")
                .filter((s) => s.name.includes("-private-"))
                .map((s) => `${s.name}-id`),
        );
    });

    it("sets exactly the function's settings, with no secret-looking literal", async () => {
        const env = one(await planStack("dev"), "aws:lambda/function:Function", "-replication-fn").inputs.environment.variables;
        assert.match(env.VAULT_ADDR, /^https:\/\/.+elb\.amazonaws\.com$/);
        assert.match(env.VAULT_CA_CERT, /BEGIN CERTIFICATE/);
        assert.strictEqual(env.VAULT_AUTH_METHOD, "aws");
        assert.strictEqual(env.VAULT_AWS_ROLE, "replication");
        assert.strictEqual(env.SECRETS_PREFIX, "hybrid-aws-secrets");
        assert.strictEqual(env.DELETE_MODE, "off");
        for (const k of Object.keys(env)) assert.doesNotMatch(k, /TOKEN|PASSWORD/, k);
        assert.doesNotMatch(JSON.stringify(env), /PRIVATE KEY/);
    });

    it("alarms on function errors to the encrypted topic, and keeps logs encrypted with retention", async () => {
        const run = await planStack("dev");
        const alarm = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "-replication-errors");
        assert.strictEqual(alarm.inputs.metricName, "Errors");
        assert.strictEqual(alarm.inputs.threshold, 1);
        assert.deepStrictEqual(alarm.inputs.alarmActions, [`arn:aws:sns:eu-west-1:123456789012:${one(run, "aws:sns/topic:Topic").name}-0000000`]);
        const logs = one(run, "aws:cloudwatch/logGroup:LogGroup", "-replication-fn");
        assert.strictEqual(logs.inputs.retentionInDays, 30);
        assert.match(logs.inputs.kmsKeyId, /strongroom-dev-data-key/);
    });

    it("reaches Vault through the load balancer and nothing outside the VPC", async () => {
        const run = await planStack("dev");
        const egress = ofType(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.name.includes("replication"));
        assert.deepStrictEqual(
            egress.map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4]),
            [[443, "10.20.0.0/16"]],
        );
        const toVault = one(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "-replication-to-vault");
        assert.strictEqual(toVault.inputs.referencedSecurityGroupId, `${one(run, "aws:ec2/securityGroup:SecurityGroup", "-replication-fn").name}-id`);
    });

    it("bundles the handler inline: under 1 MB and byte-identical across runs and processes", async () => {
        const code = await bundledCode("dev");
        assert.ok(code.length < 1024 * 1024, `${code.length} bytes`);
        assert.strictEqual(code, await bundledCode("prod"));
        const other = execFileSync(process.execPath, ["--import", "tsx", "-e", "process.stdout.write(require('./infra/replication/bundle').bundleHandler())"], {
            maxBuffer: 8 * 1024 * 1024,
        }).toString();
        assert.strictEqual(sha(other), sha(code));
    });

    it("token mode adds a CMK-encrypted connection secret outside the prefix, readable by this function only", async () => {
        const run = await planWith("dev", { "strongroom:replicationAuthMethod": "token" });
        const secret = one(run, "aws:secretsmanager/secret:Secret");
        assert.match(secret.inputs.kmsKeyId, /replication-secrets-key/);
        const arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${secret.name}-0000000-AbCdEf`;
        const bySid = Object.fromEntries(doc(one(run, "aws:iam/rolePolicy:RolePolicy", "-replication-fn").inputs.policy).Statement.map((x) => [x.Sid, x]));
        assert.deepStrictEqual(bySid.ReadConnectionSecret.Resource, [arn]);
        assert.deepStrictEqual(bySid.NoOtherSecretValues.NotResource, [arn]);
        assert.strictEqual(one(run, "aws:lambda/function:Function", "-replication-fn").inputs.environment.variables.VAULT_CONNECTION_SECRET_ID, arn);
        assert.ok(!secret.name.startsWith("hybrid-aws-secrets/"));
    });

    it("can be turned off", async () => {
        const run = await planWith("dev", { "strongroom:replicationEnabled": "false" });
        assert.strictEqual(ofType(run, "aws:lambda/function:Function").filter((f) => f.name.endsWith("-replication-fn")).length, 0);
    });
});
