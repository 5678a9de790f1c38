import { ResourceValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import { describeKeyRef, keyRefKind } from "../../lib/key-refs";

export const backupVaultCmk: ResourceValidationPolicy = {
    name: "strongroom-backup-vault-cmk",
    description:
        "AWS Backup vaults must encrypt recovery points with a customer-managed key, like every other data store (unset is a key AWS Backup creates, the AWS-managed aws/backup, whose policy the account cannot narrow; aws/backup in any spelling is refused too).",
    remediationSteps: "Set kmsKeyArn to a customer-managed key whose policy lets AWS Backup use it for this account (see infra/vault-ec2/table-backup.ts).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:backup/vault:Vault") return args.notApplicable("Policy only applies to AWS Backup vaults");
        const key = args.props.kmsKeyArn;
        if (keyRefKind(key) !== "customer")
            reportViolation(
                `the vault ${key === undefined || key === "" ? `has no kmsKeyArn (${defaultNote("backup.vaultKey")})` : describeKeyRef(key, "aws/backup")}: recovery points are not under a customer-managed key.`,
            );
    },
};
