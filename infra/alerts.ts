// The stack's one alert topic: alarms and the replication function's failure reports go here.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "./account";
import { policyDocument } from "./iam";

export interface AlertTopicArgs {
    /** CMK for the topic; its policy must let cloudwatch.amazonaws.com use it (stacks/data-key.ts does). */
    readonly keyArn: pulumi.Input<string>;
    readonly account: AwsAccount;
    /** An address subscribed to the topic (it must confirm the subscription). Default: none. */
    readonly email?: string;
    /** EventBridge rules that may publish (the unseal key's tamper rule), each pinned by its ARN. Default: none. */
    readonly eventRuleArns?: pulumi.Input<string>[];
}

export class AlertTopic extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: AlertTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:infra:AlertTopic", name, {}, opts);
        const topic = new aws.sns.Topic(`${name}-topic`, { kmsMasterKeyId: args.keyArn, displayName: "Strongroom alerts" }, { parent: this });
        // An explicit policy replaces SNS's default one, which lets every principal of the account publish, subscribe,
        // change and delete the topic. Now only the account's alarms and the rules named in eventRuleArns (each by
        // source, against confused deputies) publish as a service; the account's roles publish through their own
        // IAM policies.
        const { accountId, partition, region } = args.account;
        new aws.sns.TopicPolicy(
            `${name}-policy`,
            {
                arn: topic.arn,
                policy: policyDocument([
                    {
                        Sid: "AlarmsPublish",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: topic.arn,
                        Condition: {
                            StringEquals: { "aws:SourceAccount": accountId },
                            ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*` },
                        },
                    },
                    ...(args.eventRuleArns ?? []).map((ruleArn, i) => ({
                        Sid: `EventRulePublishes${i}`,
                        Effect: "Allow" as const,
                        Principal: { Service: "events.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: topic.arn,
                        Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnEquals: { "aws:SourceArn": ruleArn } },
                    })),
                ]),
            },
            { parent: this },
        );
        if (args.email) new aws.sns.TopicSubscription(`${name}-email`, { topic: topic.arn, protocol: "email", endpoint: args.email }, { parent: this });
        this.arn = topic.arn;
        this.registerOutputs({ arn: this.arn });
    }
}

/** An alarm that notifies the alert topic when it fires and when it clears. */
export function alarm(
    name: string,
    topicArn: pulumi.Input<string>,
    args: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions">,
    parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(name, { treatMissingData: "notBreaching", ...args, alarmActions: [topicArn], okActions: [topicArn] }, { parent });
}
