// Backups of Vault's DynamoDB table beyond point-in-time recovery: an AWS Backup plan with its own vault.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { managedPolicyArn, policyDocument, serviceTrust } from "../iam";
import { fit, NAME_LIMIT } from "../names";

/** Item reads and writes the restore managed policy grants on every table. */
const LIVE_ITEM_ACTIONS = [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
];

export interface TableBackupArgs {
    readonly tableArn: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** CMK for the backup vault. */
    readonly keyArn: pulumi.Input<string>;
    /** AWS Backup cron expression, e.g. cron(0 3 * * ? *). */
    readonly schedule: string;
    readonly retentionDays: number;
    /** A backup vault in the DR region each recovery point is copied to, kept as long (infra/dr/backup-copy.ts). */
    readonly copyToVaultArn?: pulumi.Input<string>;
    /**
     * With protection, `pulumi destroy` is refused before anything is deleted; without, the vault goes with its
     * recovery points (AWS refuses to delete a vault that holds any, which would fail destroy half-way).
     */
    readonly deletionProtection: boolean;
}

export class TableBackup extends pulumi.ComponentResource {
    readonly vaultName: pulumi.Output<string>;
    readonly vaultArn: pulumi.Output<string>;
    readonly planId: pulumi.Output<string>;
    /** The role AWS Backup backs up and restores as (the runbook's `vault:restore-table` passes it). */
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: TableBackupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:vault-ec2:TableBackup", name, {}, opts);
        const parent = { parent: this };
        const vault = new aws.backup.Vault(
            fit(`${name}-vault`, NAME_LIMIT.backup),
            { kmsKeyArn: args.keyArn, forceDestroy: !args.deletionProtection },
            { parent: this, protect: args.deletionProtection },
        );
        const plan = new aws.backup.Plan(
            fit(`${name}-plan`, NAME_LIMIT.backup),
            {
                rules: [
                    {
                        ruleName: "vault-table",
                        targetVaultName: vault.name,
                        schedule: args.schedule,
                        startWindow: 60,
                        completionWindow: 180,
                        lifecycle: { deleteAfter: args.retentionDays },
                        ...(args.copyToVaultArn
                            ? { copyActions: [{ destinationVaultArn: args.copyToVaultArn, lifecycle: { deleteAfter: args.retentionDays } }] }
                            : {}),
                    },
                ],
            },
            parent,
        );
        const role = new aws.iam.Role(
            fit(`${name}-role`, NAME_LIMIT.role),
            { assumeRolePolicy: serviceTrust("backup.amazonaws.com"), description: "AWS Backup for the Vault table" },
            parent,
        );
        for (const policy of ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"]) {
            new aws.iam.RolePolicyAttachment(
                `${name}-${policy}`,
                { role: role.name, policyArn: managedPolicyArn(args.partition, `service-role/${policy}`) },
                parent,
            );
        }
        // The restore policy may read and write items in every table, to fill a restored one. Restores always go to a
        // new table (README, restore), so the live Vault table's items stay out of this role's reach.
        new aws.iam.RolePolicy(
            `${name}-no-live-items`,
            {
                role: role.id,
                policy: policyDocument([
                    {
                        Sid: "NoLiveItemAccess",
                        Effect: "Deny",
                        Action: LIVE_ITEM_ACTIONS,
                        Resource: [args.tableArn, pulumi.interpolate`${args.tableArn}/index/*`],
                    },
                ]),
            },
            parent,
        );
        new aws.backup.Selection(fit(`${name}-table`, NAME_LIMIT.backup), { planId: plan.id, iamRoleArn: role.arn, resources: [args.tableArn] }, parent);
        this.vaultName = vault.name;
        this.vaultArn = vault.arn;
        this.planId = plan.id;
        this.roleArn = role.arn;
        this.registerOutputs({ vaultName: this.vaultName, planId: this.planId });
    }
}
