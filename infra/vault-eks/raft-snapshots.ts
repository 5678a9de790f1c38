// Scheduled Raft snapshots to S3: a versioned, KMS-encrypted, private bucket with expiry, written by a CronJob
// through an IRSA role that may only PutObject under raft/.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "../account";
import { allow, policyDocument } from "../iam";
import { KmsKey } from "../keys";
import { irsaTrust } from "./irsa";
import { SNAPSHOT_PREFIX, SNAPSHOT_SERVICE_ACCOUNT, snapshotPodSpec } from "./snapshot-job";
import { fit, NAME_LIMIT } from "../names";

export interface RaftSnapshotsArgs {
    readonly account: AwsAccount;
    readonly oidcProviderArn: pulumi.Input<string>;
    readonly oidcIssuerUrl: pulumi.Input<string>;
    readonly namespace: string;
    readonly provider: k8s.Provider;
    readonly vaultImage: string;
    readonly vaultAddr: string;
    readonly tlsSecretName: pulumi.Input<string>;
    /** Kubernetes cron schedule. */
    readonly schedule: string;
    /** Days a snapshot (and each older version) is kept. */
    readonly retentionDays: number;
    /**
     * With protection, `pulumi destroy` is refused before anything is deleted; without, the bucket goes with every
     * snapshot version (S3 refuses to delete a bucket that holds any, which would fail destroy half-way).
     */
    readonly deletionProtection: boolean;
    /** Roles that may list the snapshots' names and times under raft/ (the health probe), by this bucket's policy. Default: none. */
    readonly listerRoleArns?: pulumi.Input<string>[];
}

export class RaftSnapshots extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;
    /** For replication to the DR region (infra/dr/snapshot-replication.ts): the bucket, its versioning and key. */
    readonly bucket: aws.s3.Bucket;
    readonly versioning: aws.s3.BucketVersioning;
    readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: RaftSnapshotsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:vault-eks:RaftSnapshots", name, {}, opts);
        const parent = { parent: this };
        const role = new aws.iam.Role(
            fit(`${name}-irsa`, NAME_LIMIT.role),
            {
                assumeRolePolicy: irsaTrust(args.oidcProviderArn, args.oidcIssuerUrl, args.namespace, SNAPSHOT_SERVICE_ACCOUNT),
                description: "Vault Raft snapshot uploads",
            },
            parent,
        );
        // The key policy, not the role's, grants the encryption the upload needs, and only through S3.
        const key = new KmsKey(
            `${name}-key`,
            {
                description: "Vault Raft snapshots",
                // The snapshots are unreadable without it: protected as the bucket is.
                protect: args.deletionProtection,
                accountId: args.account.accountId,
                partition: args.account.partition,
                users: [
                    {
                        arns: [role.arn],
                        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
                        condition: { StringEquals: { "kms:ViaService": `s3.${args.account.region}.amazonaws.com` } },
                    },
                ],
            },
            parent,
        );

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
        const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, parent);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
            },
            parent,
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-expiry`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-snapshots",
                        status: "Enabled",
                        filter: { prefix: SNAPSHOT_PREFIX },
                        expiration: { days: args.retentionDays },
                        noncurrentVersionExpiration: { noncurrentDays: args.retentionDays },
                    },
                ],
            },
            parent,
        );
        new aws.s3.BucketPolicy(
            `${name}-tls-only`,
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
                    // Granted here rather than in the lister's role: only this bucket, only under raft/.
                    ...(args.listerRoleArns?.length
                        ? [
                              {
                                  Sid: "ListSnapshotTimes",
                                  Effect: "Allow" as const,
                                  Principal: { AWS: args.listerRoleArns },
                                  Action: "s3:ListBucket",
                                  Resource: bucket.arn,
                                  Condition: { StringEquals: { "s3:prefix": SNAPSHOT_PREFIX } },
                              },
                          ]
                        : []),
                ]),
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-irsa`,
            { role: role.id, policy: policyDocument([allow("UploadSnapshots", ["s3:PutObject"], [pulumi.interpolate`${bucket.arn}/${SNAPSHOT_PREFIX}*`])]) },
            parent,
        );

        const k8sOpts = { parent: this, provider: args.provider };
        new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            {
                metadata: { name: SNAPSHOT_SERVICE_ACCOUNT, namespace: args.namespace, annotations: { "eks.amazonaws.com/role-arn": role.arn } },
            },
            k8sOpts,
        );
        new k8s.batch.v1.CronJob(
            `${name}-cronjob`,
            {
                metadata: { name: "vault-raft-snapshot", namespace: args.namespace },
                spec: {
                    schedule: args.schedule,
                    concurrencyPolicy: "Forbid",
                    successfulJobsHistoryLimit: 3,
                    failedJobsHistoryLimit: 3,
                    jobTemplate: {
                        spec: {
                            backoffLimit: 2,
                            activeDeadlineSeconds: 1800,
                            template: {
                                spec: pulumi.all([bucket.bucket, args.tlsSecretName]).apply(
                                    ([b, tlsSecretName]) =>
                                        snapshotPodSpec({
                                            vaultImage: args.vaultImage,
                                            vaultAddr: args.vaultAddr,
                                            bucket: b,
                                            tlsSecretName,
                                        }) as k8s.types.input.core.v1.PodSpec,
                                ),
                            },
                        },
                    },
                },
            },
            k8sOpts,
        );

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.roleArn = role.arn;
        this.bucket = bucket;
        this.versioning = versioning;
        this.keyArn = key.arn;
        this.registerOutputs({ bucketName: this.bucketName, roleArn: this.roleArn });
    }
}
