// vault:upgrade's ec2-dynamodb side against the AWS emulator's own Auto Scaling, EC2, CloudWatch and DynamoDB APIs:
// the instance of a node found by its private IP, scale-in protection, a replacement that keeps the group's size,
// the stop on the healthy-hosts alarm, and the point-in-time-recovery mark (refused while recovery is off).
import { AutoScalingClient, CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand } from "@aws-sdk/client-dynamodb";
import { CreateLaunchTemplateCommand, DescribeImagesCommand, DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HaNode } from "../../scripts/ops/upgrade/cluster-view";
import { ec2Platform, pitrMark } from "../../scripts/ops/upgrade/ec2-platform";
import { stopEverything } from "../../scripts/rehearse/children";
import { Emulator, EMULATOR_REGION, startEmulator } from "../../scripts/rehearse/emulator";
import { requireRehearsal } from "../support/rehearsal";

describe("rehearsal: vault:upgrade's Auto Scaling calls against the AWS emulator", function () {
    this.timeout(180_000);
    let workDir: string;
    let emulator: Emulator;
    let clients: { autoScaling: AutoScalingClient; ec2: EC2Client; cloudWatch: CloudWatchClient; dynamodb: DynamoDBClient };
    const GROUP = "strongroom-rehearsal-vault-nodes";

    before(async function () {
        requireRehearsal(this);
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-asg-"));
        emulator = await startEmulator(workDir);
        const aws = { region: EMULATOR_REGION, endpoint: emulator.endpoint, credentials: { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" } };
        clients = {
            autoScaling: new AutoScalingClient(aws),
            ec2: new EC2Client(aws),
            cloudWatch: new CloudWatchClient(aws),
            dynamodb: new DynamoDBClient(aws),
        };
        const image = (await clients.ec2.send(new DescribeImagesCommand({}))).Images![0].ImageId!;
        await clients.ec2.send(
            new CreateLaunchTemplateCommand({ LaunchTemplateName: "vault-node", LaunchTemplateData: { ImageId: image, InstanceType: "t4g.small" } }),
        );
        await clients.autoScaling.send(
            new CreateAutoScalingGroupCommand({
                AutoScalingGroupName: GROUP,
                LaunchTemplate: { LaunchTemplateName: "vault-node", Version: "$Latest" },
                MinSize: 3,
                MaxSize: 3,
                DesiredCapacity: 3,
                AvailabilityZones: [`${EMULATOR_REGION}a`],
            }),
        );
    });
    after(() => {
        stopEverything();
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    const instances = async () =>
        (await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [GROUP] }))).AutoScalingGroups![0].Instances!;
    const nodeOf = async (id: string): Promise<HaNode> => {
        const ip = (await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0].Instances![0].PrivateIpAddress!;
        return { hostname: `ip-${ip}`, apiAddress: `https://${ip}:8200`, active: false, version: "1.21.0", echoAgeMs: 0 };
    };

    it("protects the active node's instance, replaces a standby's keeping three, and stops on the alarm", async () => {
        const platform = ec2Platform({ autoScalingGroupName: GROUP, tableName: "t", alarmName: "healthy-nodes", clients });
        const [active, standby] = await instances();
        await platform.protect!(await nodeOf(active.InstanceId!), true);
        assert.strictEqual((await instances()).find((i) => i.InstanceId === active.InstanceId)!.ProtectedFromScaleIn, true);
        await platform.replace(await nodeOf(standby.InstanceId!));
        const after = await instances();
        assert.ok(!after.some((i) => i.InstanceId === standby.InstanceId && i.LifecycleState === "InService"), "the standby's instance is gone");
        assert.strictEqual(after.filter((i) => i.LifecycleState === "InService" || i.LifecycleState === "Pending").length, 3, "a replacement keeps the size");
        await assert.rejects(
            platform.replace({ hostname: "x", apiAddress: "https://10.9.9.9:8200", active: false, version: "", echoAgeMs: 0 }),
            /no instance of .* has the address 10\.9\.9\.9/,
        );

        await clients.cloudWatch.send(
            new PutMetricAlarmCommand({
                AlarmName: "healthy-nodes",
                Namespace: "AWS/ApplicationELB",
                MetricName: "HealthyHostCount",
                Statistic: "Minimum",
                Period: 60,
                EvaluationPeriods: 3,
                Threshold: 3,
                ComparisonOperator: "LessThanThreshold",
            }),
        );
        await clients.cloudWatch.send(new SetAlarmStateCommand({ AlarmName: "healthy-nodes", StateValue: "OK", StateReason: "ok" }));
        assert.strictEqual(await platform.halted!(), undefined);
        await clients.cloudWatch.send(new SetAlarmStateCommand({ AlarmName: "healthy-nodes", StateValue: "ALARM", StateReason: "2 < 3" }));
        assert.match((await platform.halted!())!, /healthy-nodes is in ALARM \(2 < 3\)/);
    });

    it("marks a point in time only on a table with point-in-time recovery on", async () => {
        await clients.dynamodb.send(
            new CreateTableCommand({
                TableName: "vault",
                AttributeDefinitions: [{ AttributeName: "Path", AttributeType: "S" }],
                KeySchema: [{ AttributeName: "Path", KeyType: "HASH" }],
                BillingMode: "PAY_PER_REQUEST",
            }),
        );
        await assert.rejects(pitrMark(clients.dynamodb, "vault", new Date()), /point-in-time recovery is DISABLED on vault/);
        await clients.dynamodb.send(
            new UpdateContinuousBackupsCommand({ TableName: "vault", PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
        );
        assert.match(await pitrMark(clients.dynamodb, "vault", new Date("2026-11-30T12:00:00Z")), /restore-date-time 2026-11-30T12:00:00\.000Z/);
    });
});
