// A private, versioned, KMS-encrypted, TLS-only bucket: what the DR snapshot copies and the CloudTrail logs live
// in. The bucket policy denies plain HTTP to everyone and adds only the statements a caller passes. Its objects are
// the last copy of something: with the stack's deletion protection on, Pulumi refuses to drop or replace the bucket.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, policyDocument } from "./iam";
import { fit, NAME_LIMIT } from "./names";

export interface PrivateBucketArgs {
    /** The KMS key objects are encrypted with by default. */
    readonly keyArn: pulumi.Input<string>;
    /** Days an object (and each older version) is kept; none: kept until deleted. */
    readonly expireAfterDays?: number;
    /** Statements added to the bucket policy, given the bucket's ARN. Default: none. */
    readonly statements?: (bucketArn: pulumi.Output<string>) => PolicyStatement[];
    /**
     * The stack's deletion protection: on, Pulumi refuses to delete or replace the bucket (dropping it from the stack
     * or `pulumi destroy` stops before anything is deleted); off, it goes with its objects and versions.
     */
    readonly deletionProtection: boolean;
}

export class PrivateBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    /** Replication needs versioning on before it is configured. */
    readonly versioning: aws.s3.BucketVersioning;
    readonly arn: pulumi.Output<string>;
    readonly name: pulumi.Output<string>;

    constructor(name: string, args: PrivateBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:infra:PrivateBucket", name, {}, opts);
        const parent = { parent: this };
        const bucket = new aws.s3.Bucket(
            fit(`${name}-bucket`, NAME_LIMIT.bucket),
            { forceDestroy: !args.deletionProtection },
            { parent: this, protect: args.deletionProtection },
        );
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
        new aws.s3.BucketPublicAccessBlock(
            `${name}-private`,
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            parent,
        );
        this.versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, parent);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.keyArn }, bucketKeyEnabled: true }],
            },
            parent,
        );
        if (args.expireAfterDays) {
            new aws.s3.BucketLifecycleConfiguration(
                `${name}-expiry`,
                {
                    bucket: bucket.id,
                    rules: [
                        {
                            id: "expire",
                            status: "Enabled",
                            filter: {},
                            expiration: { days: args.expireAfterDays },
                            noncurrentVersionExpiration: { noncurrentDays: args.expireAfterDays },
                        },
                    ],
                },
                parent,
            );
        }
        new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket: bucket.id,
                policy: policyDocument([
                    {
                        Sid: "TlsOnly",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                    ...(args.statements?.(bucket.arn) ?? []),
                ]),
            },
            parent,
        );
        this.bucket = bucket;
        this.arn = bucket.arn;
        this.name = bucket.bucket;
        this.registerOutputs({ arn: this.arn, name: this.name });
    }
}
