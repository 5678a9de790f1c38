import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as aws from "@pulumi/aws";

export const kmsDeletionWindow: ResourceValidationPolicy = {
    name: "strongroom-kms-deletion-window",
    description: "KMS keys should wait at least 14 days before deletion, so a mistaken deletion can be cancelled.",
    remediationSteps: "Set deletionWindowInDays to 14 or more (30, the maximum, is the default).",
    enforcementLevel: "advisory",
    configSchema: { properties: { minimumDays: { type: "number", default: 14 } } },
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, reportViolation) => {
        const minimum = args.getConfig<{ minimumDays?: number }>().minimumDays ?? 14;
        const days = key.deletionWindowInDays ?? 30;
        if (days < minimum) reportViolation(`deletionWindowInDays is ${days}, below ${minimum}.`);
    }),
};
