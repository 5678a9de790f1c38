import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as aws from "@pulumi/aws";
import { keyRefKind } from "../../lib/key-refs";

/**
 * A mapping's filter criteria are stored by Lambda and may name the very values a function acts on; Lambda encrypts
 * them at rest with its own key unless kmsKeyArn names a customer-managed one, which the stack's key policy governs.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html#filter-criteria-encryption
 */
export const eventSourceMapping: ResourceValidationPolicy = {
    name: "strongroom-lambda-event-source-mapping",
    description:
        "Lambda event source mappings with filter criteria encrypt them with a customer-managed key (kmsKeyArn); otherwise Lambda's own key leaves the criteria outside the stack's key policies.",
    remediationSteps: "Set kmsKeyArn to a customer-managed key the function's stack owns, or leave the mapping without filter criteria.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.lambda.EventSourceMapping, (mapping, _args, reportViolation) => {
        const filters = mapping.filterCriteria?.filters ?? [];
        if (filters.length > 0 && keyRefKind(mapping.kmsKeyArn) !== "customer")
            reportViolation("the mapping's filter criteria are not encrypted with a customer-managed key (kmsKeyArn unset or AWS-managed).");
    }),
};
