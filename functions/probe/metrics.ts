// The probe's metrics, written as CloudWatch embedded metric format (EMF) records on the function's log: CloudWatch
// Logs turns them into metrics, so the probe needs no cloudwatch:PutMetricData (which IAM can only grant on `*`)
// and no route to CloudWatch's API from the VPC. One namespace, one dimension (the stack), one value each per run.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
import { PROBE_NAMESPACE } from "./names";

export const METRICS = {
    /** Nodes not unsealed and serving: sealed, uninitialised, unreachable or missing from the group. */
    sealedNodes: "SealedNodes",
    /** Nodes whose own sys/health says active (200). */
    activeNodes: "ActiveNodes",
    /** Raft: autopilot's failure tolerance. DynamoDB: unsealed nodes less one (any one unsealed node serves). */
    failureTolerance: "FailureTolerance",
    /** Seconds since the newest Raft snapshot (eks) or completed table backup (ec2). */
    backupAgeSeconds: "BackupAgeSeconds",
    /** Days until the first of the stack's certificates (CA, nodes', load balancer's) expires. */
    certificateDaysLeft: "CertificateDaysLeft",
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** The dimensions every metric carries. */
export function dimensionsFor(stack: string): { Stack: string } {
    return { Stack: stack };
}

export interface Published {
    readonly namespace: string;
    readonly name: MetricName;
    readonly dimensions: Record<string, string>;
    readonly value: number;
    readonly unit: "Seconds" | "Count";
}

export function datum(stack: string, name: MetricName, value: number): Published {
    return { namespace: PROBE_NAMESPACE, name, dimensions: dimensionsFor(stack), value, unit: name === METRICS.backupAgeSeconds ? "Seconds" : "Count" };
}

/** One EMF record holding every metric of the run (they share namespace and dimensions). */
export function emfRecord(data: Published[], at: Date): string | undefined {
    if (data.length === 0) return undefined;
    const dims = data[0].dimensions;
    return JSON.stringify({
        _aws: {
            Timestamp: at.getTime(),
            CloudWatchMetrics: [{ Namespace: data[0].namespace, Dimensions: [Object.keys(dims)], Metrics: data.map((d) => ({ Name: d.name, Unit: d.unit })) }],
        },
        ...dims,
        ...Object.fromEntries(data.map((d) => [d.name, d.value])),
    });
}

/** What CloudWatch extracts from an EMF record: the inverse of emfRecord, for tests and the rehearsal. */
export function metricsInRecord(line: string): Published[] {
    const record = JSON.parse(line);
    return (record._aws?.CloudWatchMetrics ?? []).flatMap((d: any) =>
        (d.Dimensions as string[][]).flatMap((set) =>
            (d.Metrics as { Name: MetricName; Unit: Published["unit"] }[])
                .filter((m) => typeof record[m.Name] === "number")
                .map((m) => ({
                    namespace: d.Namespace,
                    name: m.Name,
                    dimensions: Object.fromEntries(set.map((k) => [k, String(record[k])])),
                    value: record[m.Name],
                    unit: m.Unit,
                })),
        ),
    );
}
