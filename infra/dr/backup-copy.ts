// The DR region's backup vault: the table backup plan's copy action puts every recovery point here (AWS Backup
// copies DynamoDB across regions only with its advanced DynamoDB backup features, on by default since November
// 2021), encrypted with the DR key. Turning drRegion off leaves it, with its recovery points, in AWS.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fit, NAME_LIMIT } from "../names";

export function drBackupVault(name: string, drKeyArn: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): aws.backup.Vault {
    return new aws.backup.Vault(fit(name, NAME_LIMIT.backup), { kmsKeyArn: drKeyArn }, { ...opts, retainOnDelete: true });
}
