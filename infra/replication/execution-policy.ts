// What the replication function may do, with a Deny guard beside every Allow. Pure: returns policy statements.
// The guards mean a later, wider Allow (a managed policy, a copy-paste) still cannot reach beyond these resources.
import * as pulumi from "@pulumi/pulumi";
import { allow, denyOutside, PolicyStatement } from "../iam";

/** Every Secrets Manager write the function makes; all limited to `secret:<prefix>/*`. */
export const REPLICA_WRITE_ACTIONS = [
    "secretsmanager:CreateSecret",
    "secretsmanager:PutSecretValue",
    // Makes the function's own version current again when a copy was changed outside Vault.
    "secretsmanager:UpdateSecretVersionStage",
    "secretsmanager:TagResource",
    "secretsmanager:UntagResource",
    "secretsmanager:DeleteSecret",
    "secretsmanager:RestoreSecret",
    // Reads a copy's tags and version stages, never its value: the audit-event path's fresh view of its copies.
    "secretsmanager:DescribeSecret",
];
export const SECRETS_KEY_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"];

export interface ExecutionPolicyArgs {
    readonly partition: pulumi.Input<string>;
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly secretsPrefix: string;
    readonly secretsKeyArn: pulumi.Input<string>;
    readonly topicArn: pulumi.Input<string>;
    /** The alert topic's CMK: usable only through SNS, to publish failure reports. */
    readonly topicKeyArn: pulumi.Input<string>;
    /** Token mode only: the one secret whose value the function may read. */
    readonly connectionSecretArn?: pulumi.Input<string>;
    /** With the audit-event path: the FIFO queue it sends paths to and (through its event source mapping) reads. */
    readonly eventQueueArn?: pulumi.Input<string>;
}

/** What the function does with its event queue: send paths, and what Lambda's event source mapping needs to read. */
export const EVENT_QUEUE_ACTIONS = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];

export function replicaSecretsArn(a: Pick<ExecutionPolicyArgs, "partition" | "region" | "accountId" | "secretsPrefix">): pulumi.Output<string> {
    return pulumi.interpolate`arn:${a.partition}:secretsmanager:${a.region}:${a.accountId}:secret:${a.secretsPrefix}/*`;
}

export function executionStatements(a: ExecutionPolicyArgs): PolicyStatement[] {
    const replicas = replicaSecretsArn(a);
    return [
        allow("WriteReplicas", REPLICA_WRITE_ACTIONS, [replicas]),
        denyOutside("NoWritesOutsidePrefix", REPLICA_WRITE_ACTIONS, [replicas]),
        // ListSecrets supports no resource-level permissions (Service Authorization Reference): `*` is the only form.
        allow("ListReplicas", ["secretsmanager:ListSecrets"], ["*"]),
        ...(a.connectionSecretArn
            ? [
                  allow("ReadConnectionSecret", ["secretsmanager:GetSecretValue"], [a.connectionSecretArn]),
                  denyOutside("NoOtherSecretValues", ["secretsmanager:GetSecretValue"], [a.connectionSecretArn]),
              ]
            : [{ Sid: "NoSecretValues", Effect: "Deny" as const, Action: ["secretsmanager:GetSecretValue"], Resource: ["*"] }]),
        allow("UseSecretsKey", SECRETS_KEY_ACTIONS, [a.secretsKeyArn]),
        {
            Sid: "PublishEncrypted",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: [a.topicKeyArn],
            Condition: { StringEquals: { "kms:ViaService": `sns.${a.region}.amazonaws.com` } },
        },
        denyOutside("NoOtherKeys", ["kms:*"], [a.secretsKeyArn, a.topicKeyArn]),
        allow("ReportFailures", ["sns:Publish"], [a.topicArn]),
        denyOutside("NoOtherTopics", ["sns:*"], [a.topicArn]),
        ...(a.eventQueueArn
            ? [allow("QueueAuditEvents", EVENT_QUEUE_ACTIONS, [a.eventQueueArn]), denyOutside("NoOtherQueues", ["sqs:*"], [a.eventQueueArn])]
            : []),
    ];
}
