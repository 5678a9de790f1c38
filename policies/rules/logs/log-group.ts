import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import * as aws from "@pulumi/aws";
import { keyRefKind } from "../../lib/key-refs";

export const logGroup: ResourceValidationPolicy = {
    name: "strongroom-logs-retention-and-kms",
    description: "CloudWatch log groups should have a retention period and be encrypted with a customer-managed key.",
    remediationSteps: "Set retentionInDays and kmsKeyId (the key's policy must allow logs.<region>.amazonaws.com).",
    enforcementLevel: "advisory",
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, _args, reportViolation) => {
        if (!group.retentionInDays) reportViolation(`the log group keeps logs forever (retentionInDays ${defaultNote("logs.retention")}).`);
        if (keyRefKind(group.kmsKeyId) !== "customer")
            reportViolation(`the log group is not encrypted with a customer-managed key (kmsKeyId ${defaultNote("logs.key")}).`);
    }),
};
