// The key for Strongroom's data at rest: DynamoDB, EBS volumes, logs, SNS, EKS secrets.
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "../infra/account";
import { ENVELOPE_ACTIONS, KeyService, KmsKey } from "../infra/keys";

export interface DataKeyUsers {
    /** The unseal key's tamper rule, which publishes to the encrypted alert topic. */
    readonly tamperRuleArn: pulumi.Input<string>;
    /** The stack's CloudTrail trail, when it makes one (strongroom:cloudTrail create). */
    readonly trailArn?: pulumi.Input<string>;
    /** The stack's deletion protection: the table, volumes and backups are unreadable without this key. */
    readonly deletionProtection: boolean;
}

export function dataKey(name: string, account: AwsAccount, opts: pulumi.ComponentResourceOptions, more: DataKeyUsers): KmsKey {
    const { accountId, partition, region } = account;
    // Auto Scaling launches encrypted volumes as its service-linked role, which no IAM policy can extend, so the key
    // policy must let it in (EC2 Auto Scaling docs, "Required KMS key policy for use with encrypted volumes"). It is
    // matched by a condition, not named as a principal: KMS refuses a policy naming a role that does not exist yet,
    // and on a new account AWSServiceRoleForAutoScaling appears only when Auto Scaling is first used.
    const autoScaling = {
        ArnLike: {
            "aws:PrincipalArn": pulumi.interpolate`arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling*`,
        },
        StringEquals: { "kms:CallerAccount": accountId },
    };
    return new KmsKey(
        name,
        {
            description: "Strongroom data at rest: Vault storage, volumes, logs, alerts",
            protect: more.deletionProtection,
            accountId,
            partition,
            matchedUsers: [
                { condition: autoScaling, actions: ENVELOPE_ACTIONS },
                { condition: { ...autoScaling, Bool: { "kms:GrantIsForAWSResource": "true" } }, actions: ["kms:CreateGrant"] },
            ],
            services: [
                {
                    service: `logs.${region}.amazonaws.com`,
                    actions: ENVELOPE_ACTIONS,
                    condition: {
                        ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:*` },
                    },
                },
                // CloudWatch alarms publish to the encrypted alert topic; only this account's alarms (confused deputy:
                // SNS docs, "compatibility between event sources from AWS services and encrypted topics").
                {
                    service: "cloudwatch.amazonaws.com",
                    actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
                    condition: {
                        StringEquals: { "aws:SourceAccount": accountId },
                        ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*` },
                    },
                },
                eventRuleUse(more.tamperRuleArn, accountId),
                ...(more.trailArn ? trailUse(more.trailArn, account) : []),
            ],
        },
        opts,
    );
}

/** EventBridge encrypts what one rule publishes to the encrypted topic (SNS docs, as for CloudWatch above). */
export function eventRuleUse(ruleArn: pulumi.Input<string>, accountId: pulumi.Input<string>): KeyService {
    return {
        service: "events.amazonaws.com",
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnEquals: { "aws:SourceArn": ruleArn } },
    };
}

/**
 * CloudTrail encrypts the trail's log files with the key (CloudTrail docs, "Configure AWS KMS key policies for
 * CloudTrail"): data keys for this account's trails, asked for by this trail only; and it checks the key.
 */
function trailUse(trailArn: pulumi.Input<string>, account: AwsAccount): KeyService[] {
    const { accountId, partition } = account;
    const thisTrail = { StringEquals: { "aws:SourceArn": trailArn } };
    return [
        {
            service: "cloudtrail.amazonaws.com",
            actions: ["kms:GenerateDataKey*"],
            condition: {
                ...thisTrail,
                StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": pulumi.interpolate`arn:${partition}:cloudtrail:*:${accountId}:trail/*` },
            },
        },
        { service: "cloudtrail.amazonaws.com", actions: ["kms:DescribeKey"], condition: thisTrail },
    ];
}
