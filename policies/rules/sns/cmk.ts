import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as aws from "@pulumi/aws";

export const snsCmk: ResourceValidationPolicy = {
    name: "strongroom-sns-cmk",
    description: "SNS topics must be encrypted with a customer-managed key, not aws/sns (which CloudWatch alarms cannot use either).",
    remediationSteps: "Set kmsMasterKeyId to a customer-managed key whose policy lets cloudwatch.amazonaws.com use it.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.sns.Topic, (topic, _args, reportViolation) => {
        if (!topic.kmsMasterKeyId || String(topic.kmsMasterKeyId).includes("alias/aws/sns"))
            reportViolation("the topic is not encrypted with a customer-managed key.");
    }),
};
