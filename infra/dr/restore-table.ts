// How a restored Vault table is declared (strongroom:restoreFrom on ec2-dynamodb): always a NEW table, under a
// logical name derived from the source, so a restore never replaces the live table; the live one stays as it is.
// When restoreFrom later names another source, the table restored before leaves the stack but stays in AWS
// (retainOnDelete, and DynamoDB's own deletion protection): nothing is lost, no state is edited by hand.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RestoreSource, restoreSuffix } from "./restore-source";

/** The inputs of aws.dynamodb.Table that create it from `source` (the provider's RestoreTable* calls). */
export function restoreInputs(source: RestoreSource, ownTableName: pulumi.Input<string> | undefined): Partial<aws.dynamodb.TableArgs> {
    switch (source.kind) {
        case "table-backup":
            return { restoreBackupArn: source.backupArn };
        case "point-in-time": {
            const when = source.time === "latest" ? { restoreToLatestTime: true } : { restoreDateTime: source.time };
            if (source.table) return { restoreSourceTableArn: source.table.arn, ...when };
            if (ownTableName === undefined) throw new Error("a point-in-time restore of the stack's own table needs that table");
            return { restoreSourceName: ownTableName, ...when };
        }
        case "raft-snapshot":
            throw new Error("a Raft snapshot restores into Vault, not into a table");
    }
}

/** The restored table's logical name: the live table's plus a short hash of the source. */
export function restoredTableName(tableName: string, restoreFrom: string): string {
    return `${tableName}-restored-${restoreSuffix(restoreFrom)}`;
}
