// The probe's alarms and the stack's Vault dashboard. Every alarm treats missing data as breaching: a probe that
// stopped, or a metric it could not observe, is itself a reason to look.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dimensionsFor, METRICS } from "../../functions/probe/metrics";
import { PROBE_NAMESPACE } from "../../functions/probe/names";
import { alarm } from "../alerts";

export interface ProbeAlarmsArgs {
    readonly stack: string;
    readonly topicArn: pulumi.Input<string>;
    /** Seconds between scheduled backups (ec2) or Raft snapshots (eks): the alarm fires past twice this. */
    readonly backupIntervalSeconds: number;
    readonly region: string;
}

/** Three one-minute periods: a node restarting for a minute does not page; one down for three does. */
const FAST = { period: 60, evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: "breaching" } as const;

export function probeAlarms(name: string, a: ProbeAlarmsArgs, parent: pulumi.Resource): aws.cloudwatch.MetricAlarm[] {
    const metric = (metricName: string) => ({ namespace: PROBE_NAMESPACE, metricName, dimensions: dimensionsFor(a.stack) });
    return [
        alarm(
            `${name}-sealed`,
            a.topicArn,
            {
                alarmDescription: "A Vault node is sealed, uninitialised, unreachable or missing (seen by the health probe)",
                ...metric(METRICS.sealedNodes),
                statistic: "Maximum",
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                ...FAST,
            },
            parent,
        ),
        alarm(
            `${name}-active`,
            a.topicArn,
            {
                alarmDescription: "Not exactly one active Vault node (none: no leader; two: split brain)",
                metricQueries: [
                    { id: "active", metric: { ...metric(METRICS.activeNodes), stat: "Minimum", period: 60 } },
                    { id: "off", expression: "ABS(active - 1)", label: "active nodes away from 1", returnData: true },
                ],
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                evaluationPeriods: FAST.evaluationPeriods,
                datapointsToAlarm: FAST.datapointsToAlarm,
                treatMissingData: FAST.treatMissingData,
            },
            parent,
        ),
        alarm(
            `${name}-failure-tolerance`,
            a.topicArn,
            {
                alarmDescription: "Vault can no longer lose a node without losing service (failure tolerance below 1)",
                ...metric(METRICS.failureTolerance),
                statistic: "Minimum",
                threshold: 1,
                comparisonOperator: "LessThanThreshold",
                ...FAST,
            },
            parent,
        ),
        alarm(
            `${name}-backup-age`,
            a.topicArn,
            {
                alarmDescription: `The newest Vault backup is older than twice its schedule (${a.backupIntervalSeconds * 2} s), or there is none`,
                ...metric(METRICS.backupAgeSeconds),
                statistic: "Maximum",
                threshold: a.backupIntervalSeconds * 2,
                comparisonOperator: "GreaterThanThreshold",
                ...FAST,
            },
            parent,
        ),
        alarm(
            `${name}-certificate`,
            a.topicArn,
            {
                alarmDescription: "A certificate of the stack (CA, node, load balancer) expires in under 30 days",
                ...metric(METRICS.certificateDaysLeft),
                statistic: "Minimum",
                threshold: 30,
                comparisonOperator: "LessThanThreshold",
                ...FAST,
            },
            parent,
        ),
    ];
}

/** One dashboard per stack: the probe's five metrics and the alarms on them. */
export function probeDashboard(name: string, a: ProbeAlarmsArgs, alarms: aws.cloudwatch.MetricAlarm[], parent: pulumi.Resource): aws.cloudwatch.Dashboard {
    const metricWidget = (title: string, metricName: string, stat: string, x: number, y: number) => ({
        type: "metric",
        x,
        y,
        width: 8,
        height: 6,
        properties: { title, region: a.region, stat, period: 60, view: "timeSeries", metrics: [[PROBE_NAMESPACE, metricName, "Stack", a.stack]] },
    });
    const body = pulumi.all(alarms.map((al) => al.arn)).apply((arns) =>
        JSON.stringify({
            widgets: [
                metricWidget("Sealed or missing nodes", METRICS.sealedNodes, "Maximum", 0, 0),
                metricWidget("Active nodes (want 1)", METRICS.activeNodes, "Minimum", 8, 0),
                metricWidget("Failure tolerance", METRICS.failureTolerance, "Minimum", 16, 0),
                metricWidget("Newest backup age (s)", METRICS.backupAgeSeconds, "Maximum", 0, 6),
                metricWidget("Certificate days left", METRICS.certificateDaysLeft, "Minimum", 8, 6),
                { type: "alarm", x: 16, y: 6, width: 8, height: 6, properties: { title: "Vault alarms", alarms: arns } },
            ],
        }),
    );
    return new aws.cloudwatch.Dashboard(
        name,
        { dashboardName: `strongroom-${a.stack}-vault`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 255), dashboardBody: body },
        { parent },
    );
}
