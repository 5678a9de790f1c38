import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import * as aws from "@pulumi/aws";
import { keyRefKind } from "../../lib/key-refs";

export const snsCmk: ResourceValidationPolicy = {
    name: "strongroom-sns-cmk",
    description:
        "SNS topics must be encrypted with a customer-managed key (unset is no encryption; aws/sns in any spelling is AWS-managed, which CloudWatch alarms cannot use).",
    remediationSteps: "Set kmsMasterKeyId to a customer-managed key whose policy lets cloudwatch.amazonaws.com use it.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.sns.Topic, (topic, _args, reportViolation) => {
        if (keyRefKind(topic.kmsMasterKeyId) !== "customer")
            reportViolation(`the topic is not encrypted with a customer-managed key (kmsMasterKeyId ${defaultNote("sns.key")}).`);
    }),
};
