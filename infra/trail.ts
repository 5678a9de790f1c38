// A CloudTrail trail for accounts that have none (strongroom:cloudTrail create): the unseal key's tamper alarms
// need one logging, since CloudTrail hands management events to EventBridge only then. Multi-Region (the DR replica's
// events too), log files validated and encrypted with the data key, into a private bucket only this trail writes.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "./account";
import { fit } from "./names";
import { PrivateBucket } from "./private-bucket";

/** CreateTrail: 3 to 128 characters. Set, not autonamed, so the bucket and key policies can pin the trail's ARN. */
export function trailName(base: string): string {
    return fit(`${base}-trail`, 128);
}

export function trailArn(base: string, account: AwsAccount): pulumi.Output<string> {
    return pulumi.interpolate`arn:${account.partition}:cloudtrail:${account.region}:${account.accountId}:trail/${trailName(base)}`;
}

export interface TrailArgs {
    readonly base: string;
    readonly account: AwsAccount;
    /** The data key; its policy must let this trail use it (stacks/data-key.ts trailUse). */
    readonly keyArn: pulumi.Input<string>;
    readonly retentionDays: number;
    /** The stack's deletion protection, for the log bucket. */
    readonly deletionProtection: boolean;
}

export class Trail extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly bucketName: pulumi.Output<string>;

    constructor(name: string, args: TrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:infra:Trail", name, {}, opts);
        const { accountId } = args.account;
        const arn = trailArn(args.base, args.account);
        // CloudTrail docs, "Amazon S3 bucket policy for CloudTrail": it reads the ACL and writes under AWSLogs/<account>/,
        // both pinned to this trail by aws:SourceArn.
        const thisTrail = { StringEquals: { "aws:SourceArn": arn } };
        const logs = new PrivateBucket(
            `${name}-logs`,
            {
                keyArn: args.keyArn,
                expireAfterDays: args.retentionDays,
                deletionProtection: args.deletionProtection,
                statements: (bucketArn) => [
                    {
                        Sid: "TrailReadsAcl",
                        Effect: "Allow",
                        Principal: { Service: "cloudtrail.amazonaws.com" },
                        Action: "s3:GetBucketAcl",
                        Resource: bucketArn,
                        Condition: thisTrail,
                    },
                    {
                        Sid: "TrailWritesLogs",
                        Effect: "Allow",
                        Principal: { Service: "cloudtrail.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${bucketArn}/AWSLogs/${accountId}/*`,
                        Condition: thisTrail,
                    },
                ],
            },
            { parent: this },
        );
        const trail = new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                name: trailName(args.base),
                s3BucketName: logs.name,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                enableLogging: true,
                kmsKeyId: args.keyArn,
            },
            { parent: this, dependsOn: [logs] },
        );
        this.arn = trail.arn;
        this.bucketName = logs.name;
        this.registerOutputs({ arn: this.arn, bucketName: this.bucketName });
    }
}
