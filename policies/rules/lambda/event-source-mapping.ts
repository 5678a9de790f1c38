import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as aws from "@pulumi/aws";
import { keyRefKind } from "../../lib/key-refs";

/**
 * Filter criteria are stored by the service that filters and may name the very values a function acts on; the service
 * encrypts them at rest with its own key unless the resource names a customer-managed one, which the stack's key
 * policy governs. Lambda's mappings (kmsKeyArn) and EventBridge Pipes (kmsKeyIdentifier, "pipe data") alike.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html#filter-criteria-encryption
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-pipes-cmkey.html
 */
export const eventSourceMapping: ResourceValidationPolicy = {
    name: "strongroom-lambda-event-source-mapping",
    description:
        "Lambda event source mappings and EventBridge Pipes with filter criteria encrypt them with a customer-managed key (kmsKeyArn, kmsKeyIdentifier); otherwise the service's own key leaves the criteria outside the stack's key policies.",
    remediationSteps: "Set kmsKeyArn (mapping) or kmsKeyIdentifier (pipe) to a customer-managed key the stack owns, or leave out the filter criteria.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateResourceOfType(aws.lambda.EventSourceMapping, (mapping, _args, reportViolation) => {
            const filters = mapping.filterCriteria?.filters ?? [];
            if (filters.length > 0 && keyRefKind(mapping.kmsKeyArn) !== "customer")
                reportViolation("the mapping's filter criteria are not encrypted with a customer-managed key (kmsKeyArn unset or AWS-managed).");
        }),
        validateResourceOfType(aws.pipes.Pipe, (pipe, _args, reportViolation) => {
            const filters = pipe.sourceParameters?.filterCriteria?.filters ?? [];
            if (filters.length > 0 && keyRefKind(pipe.kmsKeyIdentifier) !== "customer")
                reportViolation("the pipe's filter criteria are not encrypted with a customer-managed key (kmsKeyIdentifier unset or AWS-managed).");
        }),
    ],
};
