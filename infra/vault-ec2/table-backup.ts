// Backups of Vault's DynamoDB table beyond point-in-time recovery: an AWS Backup plan with its own vault.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { managedPolicyArn, serviceTrust } from "../iam";
import { fit, NAME_LIMIT } from "../names";

export interface TableBackupArgs {
    readonly tableArn: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** CMK for the backup vault. */
    readonly keyArn: pulumi.Input<string>;
    /** AWS Backup cron expression, e.g. cron(0 3 * * ? *). */
    readonly schedule: string;
    readonly retentionDays: number;
}

export class TableBackup extends pulumi.ComponentResource {
    readonly vaultName: pulumi.Output<string>;
    readonly planId: pulumi.Output<string>;

    constructor(name: string, args: TableBackupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:vault-ec2:TableBackup", name, {}, opts);
        const parent = { parent: this };
        const vault = new aws.backup.Vault(fit(`${name}-vault`, NAME_LIMIT.backup), { kmsKeyArn: args.keyArn }, parent);
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
        new aws.backup.Selection(fit(`${name}-table`, NAME_LIMIT.backup), { planId: plan.id, iamRoleArn: role.arn, resources: [args.tableArn] }, parent);
        this.vaultName = vault.name;
        this.planId = plan.id;
        this.registerOutputs({ vaultName: this.vaultName, planId: this.planId });
    }
}
