// ec2-dynamodb's side of vault:upgrade: nodes are Auto Scaling instances, found by the private IP Vault reports.
// The script replaces them itself, one at a time (an instance refresh cannot wait for Vault to be unsealed on the
// new version before taking the next, and does not know which node is active): the active instance is protected
// from scale-in while the standbys go, and the run stops when the healthy-hosts alarm is in ALARM.
import {
    AutoScalingClient,
    DescribeAutoScalingGroupsCommand,
    SetInstanceProtectionCommand,
    TerminateInstanceInAutoScalingGroupCommand,
} from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeContinuousBackupsCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { HaNode } from "./cluster-view";
import { UpgradePlatform, UpgradeStopped } from "./rolling";

export interface Ec2PlatformSettings {
    readonly autoScalingGroupName: string;
    readonly tableName: string;
    /** The alarm that stops the run (the stack output healthyNodesAlarmName). */
    readonly alarmName?: string;
    readonly clients: { autoScaling: AutoScalingClient; ec2: EC2Client; cloudWatch: CloudWatchClient; dynamodb: DynamoDBClient };
    readonly now?: () => Date;
}

export function ec2Platform(s: Ec2PlatformSettings): UpgradePlatform {
    const { autoScaling, ec2, cloudWatch, dynamodb } = s.clients;
    /** The group's instance whose private IP is the node's api_address host. */
    const instanceOf = async (node: HaNode): Promise<string> => {
        const ip = new URL(node.apiAddress).hostname;
        const group = (await autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [s.autoScalingGroupName] })))
            .AutoScalingGroups?.[0];
        if (!group)
            throw new UpgradeStopped(`Auto Scaling group ${s.autoScalingGroupName} not found; check the stack output autoScalingGroupName and your AWS region`);
        const ids = (group.Instances ?? []).map((i) => i.InstanceId!).filter(Boolean);
        const reservations = ids.length ? ((await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }))).Reservations ?? []) : [];
        const found = reservations.flatMap((r) => r.Instances ?? []).find((i) => i.PrivateIpAddress === ip);
        if (!found?.InstanceId)
            throw new UpgradeStopped(`no instance of ${s.autoScalingGroupName} has the address ${ip} that Vault reports for ${node.hostname}`);
        return found.InstanceId;
    };
    return {
        async protect(node, on) {
            const id = await instanceOf(node);
            await autoScaling.send(
                new SetInstanceProtectionCommand({ AutoScalingGroupName: s.autoScalingGroupName, InstanceIds: [id], ProtectedFromScaleIn: on }),
            );
        },
        async replace(node) {
            // The group launches a replacement from the current launch template (the new version); terminating
            // shuts the OS down, and systemd stops Vault with the unit's KillSignal, SIGTERM.
            const id = await instanceOf(node);
            await autoScaling.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: id, ShouldDecrementDesiredCapacity: false }));
        },
        async halted() {
            if (!s.alarmName) return undefined;
            const alarm = (await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [s.alarmName] }))).MetricAlarms?.[0];
            return alarm?.StateValue === "ALARM" ? `the alarm ${s.alarmName} is in ALARM (${alarm.StateReason ?? "no reason given"})` : undefined;
        },
        async backup() {
            return pitrMark(dynamodb, s.tableName, (s.now ?? (() => new Date()))());
        },
    };
}

/** A point in time to restore the table to, checked to be inside its point-in-time-recovery window. */
export async function pitrMark(dynamodb: DynamoDBClient, table: string, now: Date): Promise<string> {
    const pitr = (await dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: table }))).ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
    if (pitr?.PointInTimeRecoveryStatus !== "ENABLED") {
        throw new UpgradeStopped(
            `point-in-time recovery is ${pitr?.PointInTimeRecoveryStatus ?? "off"} on ${table}; the upgrade needs it as its backup (the stack enables it)`,
        );
    }
    const mark = now.toISOString();
    return `PITR mark ${mark} on ${table} (to go back: aws dynamodb restore-table-to-point-in-time --source-table-name ${table} --target-table-name ${table}-restored --restore-date-time ${mark})`;
}
