// Raft snapshots copied to the DR region by S3 replication: a bucket there encrypted with the DR key, and a role
// S3 assumes that may only read snapshot versions from the source and write replicas under raft/ in the copy,
// decrypting with the snapshot key and encrypting with the DR key, each only through S3 in its own region
// (S3 user guide, "Replicating encrypted objects").
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { allow, denyOutside, policyDocument, serviceTrust } from "../iam";
import { fit, NAME_LIMIT } from "../names";
import { PrivateBucket } from "../private-bucket";
import { SNAPSHOT_PREFIX } from "../vault-eks/snapshot-job";

export interface SnapshotReplicationArgs {
    readonly sourceBucket: aws.s3.Bucket;
    /** Replication needs versioning on the source first. */
    readonly sourceVersioning: aws.s3.BucketVersioning;
    readonly sourceKeyArn: pulumi.Input<string>;
    readonly sourceRegion: string;
    readonly drRegion: string;
    readonly drKeyArn: pulumi.Input<string>;
    readonly retentionDays: number;
    /** The provider of the DR region: the copy bucket lives there. */
    readonly drProvider: aws.Provider;
    /** The stack's deletion protection, for the copy bucket. */
    readonly deletionProtection: boolean;
}

/** What the replication role reads and writes, given the two buckets' ARNs: exported for the access matrix. */
export function replicationStatements(sourceArn: pulumi.Input<string>, copyArn: pulumi.Input<string>, a: SnapshotReplicationArgs) {
    const objects = (bucket: pulumi.Input<string>) => pulumi.interpolate`${bucket}/${SNAPSHOT_PREFIX}*`;
    // With S3 Bucket Keys the encryption context is the bucket's ARN; without, the object's.
    const context = (bucket: pulumi.Input<string>) => ({ "kms:EncryptionContext:aws:s3:arn": [pulumi.output(bucket), objects(bucket)] });
    return [
        allow("ReadReplicationConfig", ["s3:GetReplicationConfiguration", "s3:ListBucket"], [sourceArn]),
        allow("ReadSnapshotVersions", ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], [objects(sourceArn)]),
        allow("WriteReplicas", ["s3:ReplicateObject", "s3:ReplicateTags"], [objects(copyArn)]),
        {
            ...allow("DecryptSnapshotsThroughS3", ["kms:Decrypt"], [a.sourceKeyArn]),
            Condition: { StringEquals: { "kms:ViaService": `s3.${a.sourceRegion}.amazonaws.com` }, StringLike: context(sourceArn) },
        },
        {
            ...allow("EncryptCopiesThroughS3", ["kms:Encrypt", "kms:GenerateDataKey"], [a.drKeyArn]),
            Condition: { StringEquals: { "kms:ViaService": `s3.${a.drRegion}.amazonaws.com` }, StringLike: context(copyArn) },
        },
        denyOutside("NoOtherKeys", ["kms:*"], [a.sourceKeyArn, a.drKeyArn]),
    ];
}

export class SnapshotReplication extends pulumi.ComponentResource {
    readonly copyBucketName: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: SnapshotReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:dr:SnapshotReplication", name, {}, opts);
        const copy = new PrivateBucket(
            `${name}-copy`,
            { keyArn: args.drKeyArn, expireAfterDays: args.retentionDays, deletionProtection: args.deletionProtection },
            { parent: this, provider: args.drProvider },
        );
        const role = new aws.iam.Role(
            fit(`${name}-role`, NAME_LIMIT.role),
            { assumeRolePolicy: serviceTrust("s3.amazonaws.com"), description: "S3 replication of Vault's Raft snapshots to the DR region" },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-role`,
            { role: role.id, policy: policyDocument(replicationStatements(args.sourceBucket.arn, copy.arn, args)) },
            { parent: this },
        );
        new aws.s3.BucketReplicationConfig(
            `${name}-config`,
            {
                bucket: args.sourceBucket.id,
                role: role.arn,
                rules: [
                    {
                        id: "raft-snapshots-to-dr",
                        status: "Enabled",
                        priority: 1,
                        filter: { prefix: SNAPSHOT_PREFIX },
                        // A deleted snapshot stays in the copy: losing the primary's bucket must not empty the DR one.
                        deleteMarkerReplication: { status: "Disabled" },
                        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                        destination: { bucket: copy.arn, storageClass: "STANDARD", encryptionConfiguration: { replicaKmsKeyId: args.drKeyArn } },
                    },
                ],
            },
            { parent: this, dependsOn: [args.sourceVersioning, copy.versioning] },
        );
        this.copyBucketName = copy.name;
        this.roleArn = role.arn;
        this.registerOutputs({ copyBucketName: this.copyBucketName, roleArn: this.roleArn });
    }
}
