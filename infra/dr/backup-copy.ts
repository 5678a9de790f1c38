// The DR region's backup vault: the table backup plan's copy action puts every recovery point here (AWS Backup
// copies DynamoDB across regions only with its advanced DynamoDB backup features, on by default since November
// 2021), encrypted with the DR key. With the stack's deletion protection on, Pulumi refuses to delete it (turning
// drRegion off, or destroy, stops first); off, it goes with its recovery points.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fit, NAME_LIMIT } from "../names";

export function drBackupVault(name: string, drKeyArn: pulumi.Input<string>, deletionProtection: boolean, opts: pulumi.CustomResourceOptions): aws.backup.Vault {
    return new aws.backup.Vault(
        fit(name, NAME_LIMIT.backup),
        { kmsKeyArn: drKeyArn, forceDestroy: !deletionProtection },
        { ...opts, protect: deletionProtection },
    );
}
