// The key for Strongroom's data at rest: DynamoDB, EBS volumes, logs, SNS, EKS secrets.
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "../infra/account";
import { ENVELOPE_ACTIONS, KmsKey } from "../infra/keys";

export function dataKey(name: string, account: AwsAccount, opts: pulumi.ComponentResourceOptions): KmsKey {
    const { accountId, partition, region } = account;
    const autoScaling = pulumi.interpolate`arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
    return new KmsKey(
        name,
        {
            description: "Strongroom data at rest: Vault storage, volumes, logs, alerts",
            accountId,
            partition,
            // Auto Scaling launches encrypted volumes as its service-linked role, which no IAM policy can extend:
            // it must be named in the key policy (EC2 Auto Scaling docs, "Required KMS key policy for use with encrypted volumes").
            users: [
                { arns: [autoScaling], actions: ENVELOPE_ACTIONS },
                { arns: [autoScaling], actions: ["kms:CreateGrant"], condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
            ],
            services: [
                {
                    service: `logs.${region}.amazonaws.com`,
                    actions: ENVELOPE_ACTIONS,
                    condition: {
                        ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:*` },
                    },
                },
                // CloudWatch alarms publish to the encrypted alert topic.
                { service: "cloudwatch.amazonaws.com", actions: ["kms:Decrypt", "kms:GenerateDataKey*"] },
            ],
        },
        opts,
    );
}
