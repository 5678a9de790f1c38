// What a Vault node may do in AWS, and nothing more. Pure: returns policy statements.
import * as pulumi from "@pulumi/pulumi";
import { allow, PolicyStatement } from "../iam";

/**
 * The item and table calls Vault's DynamoDB backend makes (Vault docs, "DynamoDB storage backend", required
 * permissions). The seed also granted DescribeLimits, ListTables and DescribeReservedCapacity* on `*`; the backend
 * never calls them, and CreateTable is not needed because Strongroom creates the table.
 */
export const VAULT_DYNAMODB_ACTIONS = [
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:DescribeTimeToLive",
    "dynamodb:GetItem",
    "dynamodb:GetRecords",
    "dynamodb:ListTagsOfResource",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
];

export function vaultStorageStatements(tableArn: pulumi.Input<string>): PolicyStatement[] {
    const resources = [tableArn, pulumi.interpolate`${tableArn}/index/*`, pulumi.interpolate`${tableArn}/stream/*`];
    return [allow("VaultStorage", VAULT_DYNAMODB_ACTIONS, resources)];
}
