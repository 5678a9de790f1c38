import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as aws from "@pulumi/aws";

export const dynamodbCmkAndPitr: ResourceValidationPolicy = {
    name: "strongroom-dynamodb-cmk-and-pitr",
    description: "DynamoDB tables must be encrypted with a customer-managed key and have point-in-time recovery on.",
    remediationSteps: "Set serverSideEncryption { enabled: true, kmsKeyArn } and pointInTimeRecovery { enabled: true }.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.dynamodb.Table, (table, _args, reportViolation) => {
        if (!table.serverSideEncryption?.enabled || !table.serverSideEncryption.kmsKeyArn)
            reportViolation("the table is not encrypted with a customer-managed key.");
        if (!table.pointInTimeRecovery?.enabled) reportViolation("point-in-time recovery is off.");
    }),
};
