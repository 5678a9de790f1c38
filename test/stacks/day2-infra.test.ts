// Backups and alarms as the shipped stacks deploy them.
import * as assert from "assert";
import { doc, one, ofType, planStack } from "../support/stack";

describe("day-2 infrastructure", () => {
    describe("dev (ec2-dynamodb)", () => {
        it("backs the table up with an AWS Backup plan into an encrypted vault, kept for the configured days", async () => {
            const run = await planStack("dev");
            const plan = one(run, "aws:backup/plan:Plan");
            assert.strictEqual(plan.inputs.rules[0].schedule, "cron(0 3 * * ? *)");
            assert.strictEqual(plan.inputs.rules[0].lifecycle.deleteAfter, 35);
            assert.match(one(run, "aws:backup/vault:Vault").inputs.kmsKeyArn, /data-key/);
            const selection = one(run, "aws:backup/selection:Selection");
            assert.deepStrictEqual(selection.inputs.resources, [
                `arn:aws:dynamodb:eu-west-1:123456789012:table/${one(run, "aws:dynamodb/table:Table").name}-0000000`,
            ]);
        });

        it("alarms on fewer healthy nodes than nodeCount and on table throttling, to the alert topic", async () => {
            const run = await planStack("dev");
            const topic = `arn:aws:sns:eu-west-1:123456789012:${one(run, "aws:sns/topic:Topic").name}-0000000`;
            const healthy = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "-healthy-nodes");
            assert.strictEqual(healthy.inputs.metricName, "HealthyHostCount");
            assert.strictEqual(healthy.inputs.threshold, 2);
            assert.strictEqual(healthy.inputs.comparisonOperator, "LessThanThreshold");
            assert.match(healthy.inputs.dimensions.TargetGroup, /^targetgroup\//);
            for (const suffix of ["-table-read-throttled", "-table-write-throttled", "-replication-errors"]) {
                const alarm = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", suffix);
                assert.deepStrictEqual(alarm.inputs.alarmActions, [topic], suffix);
                assert.strictEqual(alarm.inputs.threshold, 1, suffix);
            }
            assert.deepStrictEqual(healthy.inputs.alarmActions, [topic]);
        });
    });

    describe("prod (eks-raft)", () => {
        it("snapshots Raft on a schedule with Kubernetes auth, and uploads with the IRSA service account", async () => {
            const run = await planStack("prod");
            const job = one(run, "kubernetes:batch/v1:CronJob");
            assert.strictEqual(job.inputs.spec.schedule, "0 */6 * * *");
            assert.strictEqual(job.inputs.spec.concurrencyPolicy, "Forbid");
            const pod = job.inputs.spec.jobTemplate.spec.template.spec;
            assert.strictEqual(pod.serviceAccountName, "vault-snapshot");
            assert.match(pod.initContainers[0].command[2], /auth\/kubernetes\/login role=raft-snapshot/);
            assert.match(pod.initContainers[0].command[2], /vault operator raft snapshot save/);
            assert.match(pod.containers[0].command[2], /aws s3 cp \/snapshots\/vault.snap "s3:\/\/strongroom-prod-vault-snapshots-bucket-0000000\/\$key"/);
            const sa = one(run, "kubernetes:core/v1:ServiceAccount");
            assert.strictEqual(
                sa.inputs.metadata.annotations["eks.amazonaws.com/role-arn"],
                `arn:aws:iam::123456789012:role/${one(run, "aws:iam/role:Role", "-snapshots-irsa").name}-0000000`,
            );
        });

        it("keeps snapshots in a versioned, KMS-encrypted, private bucket that expires them", async () => {
            const run = await planStack("prod");
            assert.strictEqual(one(run, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status, "Enabled");
            const sse = one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules[0]
                .applyServerSideEncryptionByDefault;
            assert.strictEqual(sse.sseAlgorithm, "aws:kms");
            assert.match(sse.kmsMasterKeyId, /snapshots-key/);
            const pab = one(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
            for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.strictEqual(pab[k], true, k);
            assert.strictEqual(one(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules[0].expiration.days, 35);
        });

        it("lets the snapshot role do exactly one thing: PutObject under raft/", async () => {
            const run = await planStack("prod");
            const statements = doc(one(run, "aws:iam/rolePolicy:RolePolicy", "-snapshots-irsa").inputs.policy).Statement;
            assert.deepStrictEqual(statements, [
                {
                    Sid: "UploadSnapshots",
                    Effect: "Allow",
                    Action: ["s3:PutObject"],
                    Resource: ["arn:aws:s3:::strongroom-prod-vault-snapshots-bucket-0000000/raft/*"],
                },
            ]);
            const [trust] = doc(one(run, "aws:iam/role:Role", "-snapshots-irsa").inputs.assumeRolePolicy).Statement;
            assert.ok(Object.values(trust.Condition.StringEquals).includes("system:serviceaccount:vault:vault-snapshot"));
            assert.strictEqual(ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.name.includes("snapshots")).length, 0);
        });

        it("lets Prometheus find /v1/sys/metrics", async () => {
            const values = one(await planStack("prod"), "kubernetes:helm.sh/v3:Release", "-vault-vault").inputs.values;
            assert.strictEqual(values.server.annotations["prometheus.io/path"], "/v1/sys/metrics");
            assert.strictEqual(values.server.annotations["prometheus.io/port"], "8205");
            assert.match(values.server.ha.raft.config, /unauthenticated_metrics_access = true/);
        });
    });
});
