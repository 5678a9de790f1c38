// The access matrix as data: for every workload a stack runs, the AWS calls it makes at run time (with the request
// context AWS sets) and the calls it must never be able to make, each with the statement expected to refuse it.
import { PREFIX_TAG } from "../../infra/replication/component";
import { drWorkloads } from "./dr-workloads";
import { NamedPolicy } from "./evaluate";
import { probeWorkloads } from "./probe-workloads";
import { EVENT_QUEUE_ACTIONS } from "../../infra/replication/execution-policy";
import { StackFacts } from "./stack-facts";

export interface Call {
    readonly why: string;
    readonly action: string;
    readonly resource: string;
    readonly context?: Record<string, string>;
    /** For a call that must be refused: the Sid of the statement that refuses it, or "implicit" when nothing allows it. */
    readonly deniedBy?: string;
}

export interface Workload {
    readonly name: string;
    readonly principal: string;
    readonly principalArn?: string;
    /** The role whose identity policies apply; none for a service principal, which only resource policies admit. */
    readonly role?: string;
    /** Identity policies of a role another stack creates (a recovery stack's Vault role), instead of `role`'s. */
    readonly identityPolicies?: NamedPolicy[];
    readonly calls: Call[];
}

export const many = (why: string, actions: string[], resource: string, context?: Record<string, string>): Call[] =>
    actions.map((action) => ({ why, action, resource, ...(context ? { context } : {}) }));
export const never = (why: string, action: string, resource: string, deniedBy: string, context?: Record<string, string>): Call => ({
    why,
    action,
    resource,
    deniedBy,
    ...(context ? { context } : {}),
});

/** Every workload of the planned stack, for whichever layout and replication mode it uses. */
export function workloadsOf(f: StackFacts): Workload[] {
    const ec2 = f.has("aws:dynamodb/table:Table", "-vault-storage");
    return [
        ...(ec2 ? ec2Workloads(f) : eksWorkloads(f)),
        ...replicationWorkloads(f),
        ...probeWorkloads(f, ec2),
        ...sharedServiceWorkloads(f, ec2),
        ...drWorkloads(f),
    ];
}

function common(f: StackFacts) {
    const { account, region } = f;
    return {
        otherKey: `arn:aws:kms:${region}:${account}:key/00000000-another-key`,
        anyRole: `arn:aws:iam::${account}:role/admin`,
        replicaSecret: (name: string) => `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`,
        /** A copy under the prefix the stack replicates to, as its replication role's tag names it. */
        replica: `arn:aws:secretsmanager:${region}:${account}:secret:${f.find("aws:iam/role:Role", "-replication-fn").inputs.tags[PREFIX_TAG]}/team/db-AbCdEf`,
        via: (service: string) => ({ "kms:ViaService": `${service}.${region}.amazonaws.com`, "kms:CallerAccount": account }),
        dataKey: f.keyArn("-data-key"),
        unsealKey: f.keyArn("-vault-unseal-key"),
    };
}

function ec2Workloads(f: StackFacts): Workload[] {
    const c = common(f);
    const table = f.arn("aws:dynamodb/table:Table", "-vault-storage");
    const audit = f.arn("aws:cloudwatch/logGroup:LogGroup", "-vault-audit");
    const node = f.session("-vault-node", "i-0123456789abcdef0");
    const backup = f.session("-vault-backup-role", "AWSBackup");
    return [
        {
            name: "Vault node (EC2 instance role)",
            ...node,
            calls: [
                ...many("Vault storage", ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:DeleteItem", "dynamodb:DescribeTable"], table),
                ...many("DynamoDB uses the table's key as the node", ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], c.dataKey, c.via("dynamodb")),
                ...many("auto-unseal", ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], c.unsealKey),
                ...many("ships the audit log", ["logs:CreateLogStream", "logs:PutLogEvents"], `${audit}:log-stream:i-0123456789abcdef0`),
                ...many("Session Manager instead of SSH", ["ssm:UpdateInstanceInformation"], "*"),
                never("the table's key outside DynamoDB", "kms:Decrypt", c.dataKey, "TableKeyOnlyThroughDynamoDB"),
                never("another key", "kms:Decrypt", c.otherKey, "NoOtherKeys"),
                never("administering the unseal key", "kms:ScheduleKeyDeletion", c.unsealKey, "implicit"),
                never("deleting the table", "dynamodb:DeleteTable", table, "implicit"),
                never("another table", "dynamodb:GetItem", table.replace(/table\/.*/, "table/other"), "implicit"),
                never("handing roles on", "iam:PassRole", c.anyRole, "implicit"),
                never("replicated secrets", "secretsmanager:GetSecretValue", c.replica, "implicit"),
                never(
                    "SSM parameters, which the managed policy would allow",
                    "ssm:GetParameter",
                    `arn:aws:ssm:${f.region}:${f.account}:parameter/db-password`,
                    "NoParameterReads",
                ),
            ],
        },
        {
            name: "AWS Backup (table backups)",
            ...backup,
            calls: [
                ...many("backs up the table", ["dynamodb:CreateBackup", "dynamodb:DescribeTable"], table),
                ...many("reads the table's key through DynamoDB", ["kms:Decrypt", "kms:GenerateDataKey"], c.dataKey, c.via("dynamodb")),
                ...many("restores into a new table", ["dynamodb:PutItem", "dynamodb:RestoreTableFromAwsBackup"], `${table}-restored`),
                never("reads Vault's storage, which the restore policy would allow", "dynamodb:GetItem", table, "NoLiveItemAccess"),
                never("overwrites Vault's storage", "dynamodb:PutItem", table, "NoLiveItemAccess"),
                never("deletes the table", "dynamodb:DeleteTable", table, "implicit"),
                never("the unseal key", "kms:Decrypt", c.unsealKey, "NoUseByOthers"),
            ],
        },
    ];
}

function eksWorkloads(f: StackFacts): Workload[] {
    const c = common(f);
    const bucket = f.arn("aws:s3/bucket:Bucket", "-vault-snapshots-bucket");
    const snapshotKey = f.keyArn("-vault-snapshots-key-key");
    const snapshot = `${bucket}/raft/2026-11-26T00-00-00Z.snap`;
    const tls = { "aws:SecureTransport": "true" };
    const application = f.arn("aws:cloudwatch/logGroup:LogGroup", "-vault-logs-application");
    return [
        {
            name: "Vault pods (IRSA)",
            ...f.session("-vault-irsa", "vault-0"),
            calls: [
                ...many("auto-unseal", ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], c.unsealKey),
                never("the data key", "kms:Decrypt", c.dataKey, "NoOtherKeys"),
                never("administering the unseal key", "kms:ScheduleKeyDeletion", c.unsealKey, "implicit"),
                never("handing roles on", "iam:PassRole", c.anyRole, "implicit"),
            ],
        },
        {
            name: "Raft snapshot job (IRSA)",
            ...f.session("-vault-snapshots-irsa", "snapshot"),
            calls: [
                { why: "uploads a snapshot", action: "s3:PutObject", resource: snapshot, context: tls },
                ...many("S3 encrypts it with the snapshot key, as the job", ["kms:GenerateDataKey"], snapshotKey, c.via("s3")),
                never("reads snapshots back", "s3:GetObject", snapshot, "implicit", tls),
                never("deletes snapshots", "s3:DeleteObject", snapshot, "implicit", tls),
                never("writes outside raft/", "s3:PutObject", `${bucket}/other`, "implicit", tls),
                never("uploads without TLS", "s3:PutObject", snapshot, "TlsOnly", { "aws:SecureTransport": "false" }),
                never("the snapshot key outside S3", "kms:Decrypt", snapshotKey, "implicit"),
                never("the unseal key", "kms:Decrypt", c.unsealKey, "NoUseByOthers"),
            ],
        },
        {
            name: "EBS CSI driver (IRSA)",
            ...f.session("-vault-ebs-csi", "ebs-csi-controller"),
            calls: [
                {
                    why: "grants EC2 the data key for a volume",
                    action: "kms:CreateGrant",
                    resource: c.dataKey,
                    context: { ...c.via("ec2"), "kms:GrantIsForAWSResource": "true" },
                },
                ...many(
                    "EBS encrypts volumes with the data key, as the driver",
                    ["kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt"],
                    c.dataKey,
                    c.via("ec2"),
                ),
                ...many("checks the key", ["kms:DescribeKey"], c.dataKey),
                { why: "attaches volumes", action: "ec2:AttachVolume", resource: `arn:aws:ec2:${f.region}:${f.account}:volume/vol-0123456789abcdef0` },
                never("the unseal key", "kms:Decrypt", c.unsealKey, "NoUseByOthers"),
                never("handing roles on", "iam:PassRole", c.anyRole, "implicit"),
                never("replicated secrets", "secretsmanager:GetSecretValue", c.replica, "implicit"),
            ],
        },
        {
            name: "CloudWatch agent and Fluent Bit (IRSA)",
            ...f.session("-vault-logs-irsa", "cloudwatch-agent"),
            calls: [
                ...many("ships container logs", ["logs:CreateLogStream", "logs:PutLogEvents"], `${application}:log-stream:vault-0`),
                never("reads the logs' key", "kms:Decrypt", c.dataKey, "implicit"),
                never("the unseal key", "kms:Decrypt", c.unsealKey, "NoUseByOthers"),
                never("replicated secrets", "secretsmanager:GetSecretValue", c.replica, "implicit"),
            ],
        },
        {
            name: "EKS nodes (instance role)",
            ...f.session("-vault-cluster-node", "i-0fedcba9876543210"),
            calls: [
                ...many("pulls images", ["ecr:GetAuthorizationToken"], "*"),
                never("the unseal key, kept for the Vault pods' role", "kms:Decrypt", c.unsealKey, "NoUseByOthers"),
                never("snapshots", "s3:GetObject", snapshot, "implicit", tls),
                never("replicated secrets", "secretsmanager:GetSecretValue", c.replica, "implicit"),
            ],
        },
        {
            name: "EKS control plane (cluster role)",
            ...f.session("-vault-cluster-control-plane", "eks"),
            calls: [
                ...many("envelope-encrypts Kubernetes secrets", ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant"], c.dataKey),
                never("the unseal key", "kms:Decrypt", c.unsealKey, "NoUseByOthers"),
            ],
        },
    ];
}

function replicationWorkloads(f: StackFacts): Workload[] {
    const c = common(f);
    const secretsKey = f.keyArn("-replication-secrets-key");
    const topic = f.arn("aws:sns/topic:Topic", "-alerts-topic");
    const tokenMode = f.has("aws:secretsmanager/secret:Secret", "-replication-connection");
    const connection = tokenMode ? f.arn("aws:secretsmanager/secret:Secret", "-replication-connection") : undefined;
    const session = f.session("-replication-fn", "replication");
    const queue = f.has("aws:sqs/queue:Queue", "-replication-events") ? f.arn("aws:sqs/queue:Queue", "-replication-events") : undefined;
    const writes = [
        "secretsmanager:CreateSecret",
        "secretsmanager:PutSecretValue",
        "secretsmanager:TagResource",
        "secretsmanager:DeleteSecret",
        "secretsmanager:RestoreSecret",
        "secretsmanager:UpdateSecretVersionStage",
    ];
    return [
        {
            name: `Replication function (${tokenMode ? "token" : "aws"} auth)`,
            ...session,
            calls: [
                ...many("writes its copies", writes, c.replica),
                ...many("reads a copy's tags and version stages (the audit-event path)", ["secretsmanager:DescribeSecret"], c.replica),
                ...many("lists its copies; ListSecrets takes no resource", ["secretsmanager:ListSecrets"], "*"),
                ...many(
                    "Secrets Manager encrypts copies with the secrets key, as the function",
                    ["kms:GenerateDataKey", "kms:Decrypt"],
                    secretsKey,
                    c.via("secretsmanager"),
                ),
                { why: "reports failures", action: "sns:Publish", resource: topic },
                ...(queue
                    ? [
                          ...many("queues audit events' paths and takes them back one batch at a time", EVENT_QUEUE_ACTIONS, queue),
                          ...many(
                              "SQS encrypts queued paths with the secrets key, as the function",
                              ["kms:GenerateDataKey", "kms:Decrypt"],
                              secretsKey,
                              c.via("sqs"),
                          ),
                          never("another queue", "sqs:SendMessage", queue.replace(/:[^:]+$/, ":other.fifo"), "NoOtherQueues"),
                          never("purges its queue", "sqs:PurgeQueue", queue, "implicit"),
                      ]
                    : []),
                ...many("SNS encrypts the report with the topic's key", ["kms:GenerateDataKey", "kms:Decrypt"], c.dataKey, c.via("sns")),
                ...(connection
                    ? [
                          { why: "reads its Vault token", action: "secretsmanager:GetSecretValue", resource: connection },
                          never("reads a replicated value", "secretsmanager:GetSecretValue", c.replica, "NoOtherSecretValues"),
                      ]
                    : [never("reads no secret values in aws mode", "secretsmanager:GetSecretValue", c.replica, "NoSecretValues")]),
                never("another prefix's secrets", "secretsmanager:PutSecretValue", c.replicaSecret("payments/db"), "NoWritesOutsidePrefix"),
                never("another key", "kms:Decrypt", c.otherKey, "NoOtherKeys"),
                never("the unseal key", "kms:Decrypt", c.unsealKey, "NoOtherKeys"),
                never("another topic", "sns:Publish", topic.replace(/:[^:]+$/, ":other"), "NoOtherTopics"),
                never("handing roles on", "iam:PassRole", c.anyRole, "implicit"),
            ],
        },
    ];
}

/** AWS services acting on the stack's resources as themselves: they reach keys and functions only by resource policy. */
function sharedServiceWorkloads(f: StackFacts, ec2: boolean): Workload[] {
    const c = common(f);
    const { account, region } = f;
    const logGroup = f.arn("aws:cloudwatch/logGroup:LogGroup", ec2 ? "-vault-audit" : "-vault-logs-application");
    const fn = f.arn("aws:lambda/function:Function", "-replication-fn");
    const rule = f.arn("aws:cloudwatch/eventRule:EventRule", "-replication-schedule");
    const autoScaling = `arn:aws:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
    const topic = f.arn("aws:sns/topic:Topic", "-alerts-topic");
    const alarm = (owner: string) => ({ "aws:SourceAccount": owner, "aws:SourceArn": `arn:aws:cloudwatch:${region}:${owner}:alarm:vault-unhealthy` });
    const [ownAlarm, foreignAlarm] = [alarm(account), alarm("210987654321")];
    const logsContext = (arn: string) => ({ "kms:EncryptionContext:aws:logs:arn": arn });
    const asCaller = { "kms:CallerAccount": account };
    return [
        {
            name: "EC2 Auto Scaling (service-linked role), launching encrypted volumes",
            principal: `arn:aws:sts::${account}:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling`,
            principalArn: autoScaling,
            calls: [
                ...many(
                    "EBS encrypts volumes as Auto Scaling",
                    ["kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt", "kms:ReEncryptFrom"],
                    c.dataKey,
                    c.via("ec2"),
                ),
                ...many("checks the key", ["kms:DescribeKey"], c.dataKey, asCaller),
                { why: "hands EC2 a grant", action: "kms:CreateGrant", resource: c.dataKey, context: { ...c.via("ec2"), "kms:GrantIsForAWSResource": "true" } },
                never("a grant for anything but an AWS resource", "kms:CreateGrant", c.dataKey, "implicit", {
                    ...asCaller,
                    "kms:GrantIsForAWSResource": "false",
                }),
                never("the unseal key", "kms:Decrypt", c.unsealKey, "NoUseByOthers", asCaller),
            ],
        },
        {
            name: `CloudWatch Logs (logs.${region}.amazonaws.com)`,
            principal: `logs.${region}.amazonaws.com`,
            calls: [
                ...many("encrypts the stack's log groups", ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"], c.dataKey, logsContext(logGroup)),
                never("for another account's log group", "kms:Decrypt", c.dataKey, "implicit", logsContext(logGroup.replace(`:${account}:`, ":210987654321:"))),
                // A service principal has no aws:PrincipalArn, so the key's ArnNotEquals guard applies to it too.
                never("the unseal key", "kms:Decrypt", c.unsealKey, "NoUseByOthers", logsContext(logGroup)),
            ],
        },
        {
            name: "CloudWatch alarms (cloudwatch.amazonaws.com), publishing to the encrypted topic",
            principal: "cloudwatch.amazonaws.com",
            calls: [
                { why: "an alarm publishes", action: "sns:Publish", resource: topic, context: ownAlarm },
                ...many("encrypts alarm notifications", ["kms:GenerateDataKey", "kms:Decrypt"], c.dataKey, ownAlarm),
                never("another account's alarm publishes", "sns:Publish", topic, "implicit", foreignAlarm),
                never("the key, for another account's alarm", "kms:GenerateDataKey", c.dataKey, "implicit", foreignAlarm),
                never("anything more with the key", "kms:ScheduleKeyDeletion", c.dataKey, "implicit", ownAlarm),
            ],
        },
        {
            name: "Any other role in the account, with no grant from Strongroom",
            principal: `arn:aws:sts::${account}:assumed-role/some-application/session`,
            principalArn: `arn:aws:iam::${account}:role/some-application`,
            calls: [
                never("the unseal key", "kms:Decrypt", c.unsealKey, "NoUseByOthers"),
                never("replicated secrets", "secretsmanager:GetSecretValue", c.replica, "implicit"),
                never("subscribes to the alerts", "sns:Subscribe", topic, "implicit"),
                never("deletes the alert topic", "sns:DeleteTopic", topic, "implicit"),
                never("runs the replication function", "lambda:InvokeFunction", fn, "implicit"),
            ],
        },
        ...auditSubscriptionWorkloads(f, logGroup, fn),
        {
            name: "EventBridge (events.amazonaws.com), the replication schedule",
            principal: "events.amazonaws.com",
            calls: [
                {
                    why: "runs the function on schedule",
                    action: "lambda:InvokeFunction",
                    resource: fn,
                    context: { "aws:SourceArn": rule, "aws:SourceAccount": account },
                },
                never("for any other rule", "lambda:InvokeFunction", fn, "implicit", {
                    "aws:SourceArn": rule.replace(/rule\/.*/, "rule/other"),
                    "aws:SourceAccount": account,
                }),
            ],
        },
    ];
}

/**
 * CloudWatch Logs delivering the audit log group's matching lines to the replication function (#22): allowed for
 * that group of this account only. It presents the group's ARN with its `:*` suffix as aws:SourceArn.
 */
function auditSubscriptionWorkloads(f: StackFacts, logGroup: string, fn: string): Workload[] {
    if (!f.has("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "-replication-audit")) return [];
    const foreign = "210987654321";
    const source = (group: string, account: string) => ({ "aws:SourceArn": `${group}:*`, "aws:SourceAccount": account });
    return [
        {
            name: "CloudWatch Logs (logs.amazonaws.com), the audit subscription",
            principal: "logs.amazonaws.com",
            calls: [
                { why: "delivers audit lines of KV changes", action: "lambda:InvokeFunction", resource: fn, context: source(logGroup, f.account) },
                never(
                    "for another log group",
                    "lambda:InvokeFunction",
                    fn,
                    "implicit",
                    source(logGroup.replace(/log-group:.*/, "log-group:/aws/lambda/other"), f.account),
                ),
                never(
                    "for another account's group of the same name",
                    "lambda:InvokeFunction",
                    fn,
                    "implicit",
                    source(logGroup.replace(`:${f.account}:`, `:${foreign}:`), foreign),
                ),
                never("naming this group but from another account", "lambda:InvokeFunction", fn, "implicit", source(logGroup, foreign)),
            ],
        },
    ];
}
