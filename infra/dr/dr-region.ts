// Everything a stack keeps in its disaster-recovery region (strongroom:drRegion), created through the second AWS
// provider: a key for data at rest there, an alert topic there, the unseal key's replica (watched for tampering as
// the primary is), and, per layout, the backup vault AWS Backup copies into or the bucket S3 replicates snapshots to.
// Created before the layout (the backup plan needs the vault); the replica and replication after it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "../account";
import { AlertTopic } from "../alerts";
import { policyDocument } from "../iam";
import { keyPolicyStatements, KmsKey, KmsKeyArgs, UNSEAL_ACTIONS } from "../keys";
import { KeyWatch, tamperRuleArn } from "../key-watch";
import type { RaftSnapshots } from "../vault-eks/raft-snapshots";
import { drBackupVault } from "./backup-copy";
import { recoveryRoleArn, recoveryRoleName } from "./recovery-role";
import { SnapshotReplication } from "./snapshot-replication";

export interface DrRegionArgs {
    readonly base: string;
    /** The primary region's account facts. */
    readonly account: AwsAccount;
    readonly drRegion: string;
    readonly provider: aws.Provider;
    readonly layout: "ec2-dynamodb" | "eks-raft";
    readonly alertEmail?: string;
    readonly retentionDays: number;
    /** The stack's deletion protection: on, every key and copy here is protected; off, destroy removes them. */
    readonly deletionProtection: boolean;
}

/** The replica's policy: the same rules as the primary's (root administers, named use, everyone else denied). */
export function replicaPolicyArgs(account: Pick<AwsAccount, "accountId" | "partition">, primaryKeyId: pulumi.Input<string>): KmsKeyArgs {
    return {
        description: "Vault auto-unseal replica for a recovery stack in the DR region",
        accountId: account.accountId,
        partition: account.partition,
        // Only the recovery stack's Vault role, which does not exist until a region is lost (recovery-role.ts).
        futureUsers: [{ arn: recoveryRoleArn(account.partition, account.accountId, primaryKeyId), actions: UNSEAL_ACTIONS }],
        exclusive: true,
    };
}

/**
 * The primary key's ARN, once it is known to be multi-Region. A key created before Strongroom made unseal keys
 * multi-Region can have no replica: say so at preview, before anything is created, instead of failing in AWS.
 */
export function requireMultiRegion(key: KmsKey): pulumi.Output<string> {
    return pulumi.all([key.arn, key.multiRegion]).apply(([arn, multiRegion]) => {
        if (multiRegion === false)
            throw new Error(
                `strongroom:drRegion: the unseal key ${arn} is a single-Region key (made before Strongroom's unseal keys were multi-Region), and KMS can never give it a replica. Remove strongroom:drRegion, migrate the seal to a new multi-Region key first (README: Turning on drRegion for an existing stack), then set it again.`,
            );
        return arn;
    });
}

export class DrRegion extends pulumi.ComponentResource {
    readonly account: AwsAccount;
    readonly key: KmsKey;
    readonly alerts: AlertTopic;
    /** The backup vault recovery points are copied to (ec2-dynamodb). */
    readonly backupVault?: aws.backup.Vault;
    readonly outputs: Record<string, pulumi.Output<unknown>> = {};
    private readonly drOpts: pulumi.ComponentResourceOptions;

    constructor(
        name: string,
        private readonly args: DrRegionArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("strongroom:dr:DrRegion", name, {}, opts);
        this.drOpts = { parent: this, provider: args.provider };
        this.account = { ...args.account, region: args.drRegion };
        const ruleArn = tamperRuleArn(args.base, this.account);
        this.key = new KmsKey(
            `${name}-key`,
            {
                description: "Strongroom data at rest in the DR region: snapshot and backup copies, alerts",
                protect: args.deletionProtection,
                accountId: this.account.accountId,
                partition: this.account.partition,
                services: [
                    {
                        service: "events.amazonaws.com",
                        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
                        condition: { StringEquals: { "aws:SourceAccount": this.account.accountId }, ArnEquals: { "aws:SourceArn": ruleArn } },
                    },
                ],
            },
            this.drOpts,
        );
        this.alerts = new AlertTopic(
            `${name}-notices`,
            { keyArn: this.key.arn, account: this.account, email: args.alertEmail, eventRuleArns: [ruleArn] },
            this.drOpts,
        );
        if (args.layout === "ec2-dynamodb") {
            this.backupVault = drBackupVault(`${name}-backup-vault`, this.key.arn, args.deletionProtection, this.drOpts);
            this.outputs.drBackupVaultName = this.backupVault.name;
        }
        this.outputs.drRegion = pulumi.output(args.drRegion);
        this.outputs.drKeyArn = this.key.arn;
        this.outputs.drAlertTopicArn = this.alerts.arn;
    }

    /** The unseal key's replica, protected as the key is, and watched for tampering in the DR region. */
    replicateUnsealKey(primary: KmsKey): aws.kms.ReplicaKey {
        const replica = new aws.kms.ReplicaKey(
            `${this.args.base}-unseal-replica`,
            {
                primaryKeyArn: requireMultiRegion(primary),
                description: "Vault auto-unseal replica (DR)",
                deletionWindowInDays: 30,
                bypassPolicyLockoutSafetyCheck: false,
                policy: policyDocument(keyPolicyStatements(replicaPolicyArgs(this.args.account, primary.keyId))),
            },
            { ...this.drOpts, protect: this.args.deletionProtection },
        );
        new KeyWatch(`${this.args.base}-dr-replica-watch`, { base: this.args.base, keyArn: replica.arn, topicArn: this.alerts.arn }, this.drOpts);
        this.outputs.drUnsealKeyArn = replica.arn;
        this.outputs.drRecoveryRoleName = primary.keyId.apply(recoveryRoleName);
        return replica;
    }

    /** S3 replication of the Raft snapshots to a bucket here (eks-raft). */
    replicateSnapshots(snapshots: RaftSnapshots): void {
        const replication = new SnapshotReplication(
            `${this.args.base}-snapshots-dr`,
            {
                sourceBucket: snapshots.bucket,
                sourceVersioning: snapshots.versioning,
                sourceKeyArn: snapshots.keyArn,
                sourceRegion: this.args.account.region,
                drRegion: this.args.drRegion,
                drKeyArn: this.key.arn,
                retentionDays: this.args.retentionDays,
                drProvider: this.args.provider,
                deletionProtection: this.args.deletionProtection,
            },
            { parent: this },
        );
        this.outputs.drSnapshotBucket = replication.copyBucketName;
    }
}
