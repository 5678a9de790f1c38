// Tamper alarms on Vault's unseal key: an EventBridge rule on the key's CloudTrail management events that disable,
// delete or widen it, notifying the alert topic. CloudTrail delivers these events to EventBridge only while a trail
// is logging in the account (README *Tamper alarms*; strongroom:cloudTrail create makes one).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "./account";
import { fit, NAME_LIMIT } from "./names";

/**
 * KMS calls (CloudTrail event names, AWS KMS developer guide "Logging AWS KMS API calls") that make the key
 * unusable, start its deletion, or let more principals or regions use it. Refused attempts are reported too.
 */
export const KEY_TAMPER_EVENTS = [
    "ScheduleKeyDeletion",
    "DisableKey",
    "PutKeyPolicy",
    "CreateGrant",
    "DisableKeyRotation",
    "ReplicateKey",
    "UpdatePrimaryRegion",
    "ImportKeyMaterial",
    "DeleteImportedKeyMaterial",
] as const;

/** The rule's name: set, not autonamed, so the topic and key policies can pin it (aws:SourceArn) before it exists. */
export function tamperRuleName(base: string): string {
    return fit(`${base}-unseal-key-tamper`, NAME_LIMIT.eventRule);
}

export function tamperRuleArn(base: string, account: AwsAccount): pulumi.Output<string> {
    return pulumi.interpolate`arn:${account.partition}:events:${account.region}:${account.accountId}:rule/${tamperRuleName(base)}`;
}

/** The event pattern: these calls on this key, as CloudTrail records them (the key's ARN in `resources`). */
export function tamperPattern(keyArn: string): Record<string, unknown> {
    return {
        source: ["aws.kms"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventSource: ["kms.amazonaws.com"], eventName: [...KEY_TAMPER_EVENTS], resources: { ARN: [keyArn] } },
    };
}

export interface KeyWatchArgs {
    /** The stack's base name; the rule's name derives from it (tamperRuleName). */
    readonly base: string;
    readonly keyArn: pulumi.Input<string>;
    /** The alert topic in the key's region; its policy must let this rule publish (AlertTopic eventRuleArns). */
    readonly topicArn: pulumi.Input<string>;
}

export class KeyWatch extends pulumi.ComponentResource {
    readonly ruleArn: pulumi.Output<string>;

    constructor(name: string, args: KeyWatchArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:infra:KeyWatch", name, {}, opts);
        const rule = new aws.cloudwatch.EventRule(
            `${name}-rule`,
            {
                name: tamperRuleName(args.base),
                description: "Vault's unseal key deleted, disabled, its policy changed, a grant or replica made: see README runbook",
                eventPattern: pulumi.output(args.keyArn).apply((arn) => JSON.stringify(tamperPattern(arn))),
            },
            { parent: this },
        );
        new aws.cloudwatch.EventTarget(
            `${name}-notify`,
            {
                rule: rule.name,
                arn: args.topicArn,
                // One readable line per event instead of the raw CloudTrail record.
                inputTransformer: {
                    inputPaths: {
                        call: "$.detail.eventName",
                        key: "$.detail.resources[0].ARN",
                        who: "$.detail.userIdentity.arn",
                        when: "$.time",
                        refused: "$.detail.errorCode",
                    },
                    inputTemplate:
                        '"Strongroom: <call> on Vault\'s unseal key <key> by <who> at <when> (error code, if refused: <refused>). See the README runbook: Unseal key scheduled for deletion / disabled."',
                },
            },
            { parent: this },
        );
        this.ruleArn = rule.arn;
        this.registerOutputs({ ruleArn: this.ruleArn });
    }
}
