import { ResourceValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import { keyRefKind } from "../../lib/key-refs";
import { truthy } from "../../lib/policy-helpers";

export const dynamodbCmkAndPitr: ResourceValidationPolicy = {
    name: "strongroom-dynamodb-cmk-and-pitr",
    description:
        "DynamoDB tables, each replica in a table's `replicas`, and aws.dynamodb.TableReplica must be encrypted with a customer-managed key (unset is the AWS-owned key, or aws/dynamodb for a replica; aws/dynamodb in any spelling is AWS-managed) and keep point-in-time recovery on (off by default).",
    remediationSteps:
        "Set serverSideEncryption { enabled: true, kmsKeyArn }, pointInTimeRecovery { enabled: true }, and kmsKeyArn and pointInTimeRecovery: true on every replica.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const props = args.props;
        if (args.type === "aws:dynamodb/table:Table") {
            if (!truthy(props.serverSideEncryption?.enabled) || keyRefKind(props.serverSideEncryption?.kmsKeyArn) !== "customer")
                reportViolation(`the table is not encrypted with a customer-managed key (serverSideEncryption ${defaultNote("dynamodb.tableKey")}).`);
            if (!truthy(props.pointInTimeRecovery?.enabled)) reportViolation(`point-in-time recovery is off (${defaultNote("dynamodb.pitr")}).`);
            (props.replicas ?? []).forEach((r: any, i: number) => {
                const where = `replicas[${i}] (${r.regionName ?? "another region"})`;
                if (keyRefKind(r.kmsKeyArn) !== "customer")
                    reportViolation(`${where} is not encrypted with a customer-managed key of its region (kmsKeyArn ${defaultNote("dynamodb.replicaKey")}).`);
                if (!truthy(r.pointInTimeRecovery)) reportViolation(`${where} has point-in-time recovery off.`);
            });
            return;
        }
        if (args.type === "aws:dynamodb/tableReplica:TableReplica") {
            if (keyRefKind(props.kmsKeyArn) !== "customer")
                reportViolation(`the replica is not encrypted with a customer-managed key (kmsKeyArn ${defaultNote("dynamodb.replicaKey")}).`);
            if (!truthy(props.pointInTimeRecovery)) reportViolation("the replica has point-in-time recovery off.");
            return;
        }
        return args.notApplicable("Policy only applies to DynamoDB tables and replicas");
    },
};
