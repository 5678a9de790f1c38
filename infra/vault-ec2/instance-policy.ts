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

/**
 * A table encrypted with a customer-managed key: DynamoDB calls KMS with the caller's identity, so the node role needs
 * the key too, but only through DynamoDB, from its own account (the statement of the AWS managed aws/dynamodb key's
 * policy). Anything else on that key is denied. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
 */
export const TABLE_KEY_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"];

export function tableKeyStatements(keyArn: pulumi.Input<string>, region: string, accountId: pulumi.Input<string>): PolicyStatement[] {
    const viaDynamoDb = `dynamodb.${region}.amazonaws.com`;
    return [
        {
            Sid: "TableKeyThroughDynamoDB",
            Effect: "Allow",
            Action: TABLE_KEY_ACTIONS,
            Resource: [keyArn],
            Condition: { StringEquals: { "kms:ViaService": viaDynamoDb, "kms:CallerAccount": accountId } },
        },
        {
            Sid: "TableKeyOnlyThroughDynamoDB",
            Effect: "Deny",
            Action: ["kms:*"],
            Resource: [keyArn],
            Condition: { StringNotEquals: { "kms:ViaService": viaDynamoDb } },
        },
    ];
}
