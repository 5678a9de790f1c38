// The health probe's rows of the access matrix: it finds the nodes and reads when the last backup was made, on
// either layout, and can do nothing else: no node control, no backup contents, no keys, no metric API.
import { StackFacts } from "./stack-facts";
import { never, type Call, type Workload } from "./workloads";

export function probeWorkloads(f: StackFacts, ec2: boolean): Workload[] {
    const { account, region } = f;
    const unsealKey = f.keyArn("-vault-unseal-key");
    const logs = f.arn("aws:cloudwatch/logGroup:LogGroup", "-probe-fn");
    const common: Call[] = [
        {
            why: "writes its log, whose embedded metric records become the metrics",
            action: "logs:PutLogEvents",
            resource: `${logs}:log-stream:2026/11/30/[$LATEST]0`,
        },
        never("publishes through the metric API (its metrics are log records)", "cloudwatch:PutMetricData", "*", "NoMetricApi"),
        never("the unseal key", "kms:Decrypt", unsealKey, "NoUseByOthers"),
        never("handing roles on", "iam:PassRole", `arn:aws:iam::${account}:role/admin`, "implicit"),
    ];
    if (ec2) {
        const backupVault = f.arn("aws:backup/vault:Vault", "-vault-backup-vault");
        const table = f.arn("aws:dynamodb/table:Table", "-vault-storage");
        const group = `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/vault-nodes`;
        return [
            {
                name: "Health probe (ec2-dynamodb)",
                ...f.session("-probe-fn", "probe"),
                calls: [
                    {
                        why: "finds the Auto Scaling group's instances (no resource-level permissions)",
                        action: "autoscaling:DescribeAutoScalingGroups",
                        resource: "*",
                    },
                    { why: "reads their private IPs (no resource-level permissions)", action: "ec2:DescribeInstances", resource: "*" },
                    { why: "reads when the newest table backup was made", action: "backup:ListRecoveryPointsByBackupVault", resource: backupVault },
                    ...common,
                    never("replaces a node", "autoscaling:TerminateInstanceInAutoScalingGroup", group, "implicit"),
                    never("changes scale-in protection", "autoscaling:SetInstanceProtection", group, "implicit"),
                    never(
                        "reads a node's user data",
                        "ec2:DescribeInstanceAttribute",
                        `arn:aws:ec2:${region}:${account}:instance/i-0123456789abcdef0`,
                        "implicit",
                    ),
                    never("restores a backup", "backup:StartRestoreJob", "*", "implicit"),
                    never("another backup vault", "backup:ListRecoveryPointsByBackupVault", backupVault.replace(/[^/:]+$/, "other"), "implicit"),
                    never("reads Vault's storage", "dynamodb:GetItem", table, "implicit"),
                ],
            },
        ];
    }
    const bucket = f.arn("aws:s3/bucket:Bucket", "-vault-snapshots-bucket");
    const tls = { "aws:SecureTransport": "true" };
    return [
        {
            name: "Health probe (eks-raft)",
            ...f.session("-probe-fn", "probe"),
            calls: [
                { why: "lists the Raft snapshots' times", action: "s3:ListBucket", resource: bucket, context: { ...tls, "s3:prefix": "raft/" } },
                ...common,
                never("lists the rest of the bucket", "s3:ListBucket", bucket, "implicit", { ...tls, "s3:prefix": "" }),
                never("reads a snapshot", "s3:GetObject", `${bucket}/raft/2026-11-26T00-00-00Z.snap`, "implicit", tls),
                never("reaches the cluster's AWS API", "eks:DescribeCluster", `arn:aws:eks:${region}:${account}:cluster/other`, "implicit"),
            ],
        },
    ];
}
