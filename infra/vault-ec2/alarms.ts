// The cluster's own alarms: fewer healthy nodes than there should be, and a throttled storage table.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarm } from "../alerts";

export interface ClusterAlarmsArgs {
    readonly topicArn: pulumi.Input<string>;
    readonly nodeCount: number;
    readonly loadBalancerArnSuffix: pulumi.Input<string>;
    readonly targetGroupArnSuffix: pulumi.Input<string>;
    readonly tableName: pulumi.Input<string>;
}

/** Returns the healthy-hosts alarm, which also stops `npm run vault:upgrade` when it fires. */
export function clusterAlarms(name: string, args: ClusterAlarmsArgs, parent: pulumi.Resource): aws.cloudwatch.MetricAlarm {
    const healthy = alarm(
        `${name}-healthy-nodes`,
        args.topicArn,
        {
            alarmDescription: "Fewer Vault nodes in service than strongroom:nodeCount: a node is sealed, uninitialised or gone",
            namespace: "AWS/ApplicationELB",
            metricName: "HealthyHostCount",
            dimensions: { TargetGroup: args.targetGroupArnSuffix, LoadBalancer: args.loadBalancerArnSuffix },
            statistic: "Minimum",
            period: 60,
            evaluationPeriods: 3,
            threshold: args.nodeCount,
            comparisonOperator: "LessThanThreshold",
            // No data means no healthy host reported at all.
            treatMissingData: "breaching",
        },
        parent,
    );
    for (const metric of ["ReadThrottleEvents", "WriteThrottleEvents"]) {
        alarm(
            `${name}-table-${metric.replace("ThrottleEvents", "").toLowerCase()}-throttled`,
            args.topicArn,
            {
                alarmDescription: `Vault's DynamoDB table is throttling ${metric.startsWith("Read") ? "reads" : "writes"}`,
                namespace: "AWS/DynamoDB",
                metricName: metric,
                dimensions: { TableName: args.tableName },
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
            },
            parent,
        );
    }
    return healthy;
}
