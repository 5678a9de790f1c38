// What the probe's role may do: find the nodes and read when the last backup was made; its metrics are log lines.
// Pure: returns policy statements.
import * as pulumi from "@pulumi/pulumi";
import { allow, PolicyStatement } from "../iam";

export type ProbeDiscovery =
    | { readonly kind: "asg"; readonly groupName: pulumi.Input<string> }
    | {
          readonly kind: "kubernetes";
          readonly endpoint: pulumi.Input<string>;
          /** Base64 PEM of the cluster's CA, as EKS reports it. */
          readonly caData: pulumi.Input<string>;
          readonly clusterName: pulumi.Input<string>;
          readonly namespace: string;
      };

export type ProbeBackup =
    | { readonly kind: "aws-backup"; readonly vaultName: pulumi.Input<string>; readonly vaultArn: pulumi.Input<string>; readonly intervalSeconds: number }
    | {
          readonly kind: "s3";
          readonly bucket: pulumi.Input<string>;
          readonly bucketArn: pulumi.Input<string>;
          readonly prefix: string;
          readonly intervalSeconds: number;
      };

export function probeStatements(d: ProbeDiscovery, b: ProbeBackup): PolicyStatement[] {
    return [
        // Neither action takes a resource ARN (Service Authorization Reference): `*` is their only form. Both only
        // describe; the Kubernetes path needs no AWS action at all (an access entry and a namespaced Role).
        ...(d.kind === "asg" ? [allow("FindNodes", ["autoscaling:DescribeAutoScalingGroups", "ec2:DescribeInstances"], ["*"])] : []),
        // eks: the snapshot bucket's own policy lets this role list raft/ (infra/vault-eks/raft-snapshots.ts), and nothing else.
        ...(b.kind === "aws-backup" ? [allow("ReadBackupTimes", ["backup:ListRecoveryPointsByBackupVault"], [b.vaultArn])] : []),
        // Metrics leave as embedded-metric-format log lines (functions/probe/metrics.ts): no CloudWatch API grant.
        { Sid: "NoMetricApi", Effect: "Deny", Action: ["cloudwatch:PutMetricData"], Resource: ["*"] },
    ];
}
