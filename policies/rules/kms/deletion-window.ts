import { ResourceValidationPolicy } from "@pulumi/policy";

const TYPES = ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey", "aws:kms/externalKey:ExternalKey", "aws:kms/replicaExternalKey:ReplicaExternalKey"];

export const kmsDeletionWindow: ResourceValidationPolicy = {
    name: "strongroom-kms-deletion-window",
    description: "KMS keys (keys, replica keys, external keys) should wait at least 14 days before deletion, so a mistaken deletion can be cancelled.",
    remediationSteps: "Set deletionWindowInDays to 14 or more (30, the maximum, is the default).",
    enforcementLevel: "advisory",
    configSchema: { properties: { minimumDays: { type: "number", default: 14 } } },
    validateResource: (args, reportViolation) => {
        if (!TYPES.includes(args.type)) return args.notApplicable("Policy only applies to KMS keys");
        const minimum = args.getConfig<{ minimumDays?: number }>().minimumDays ?? 14;
        const days = Number(args.props.deletionWindowInDays ?? 30); // AWS_DEFAULTS kms.deletionWindow
        if (days < minimum) reportViolation(`deletionWindowInDays is ${days}, below ${minimum}.`);
    },
};
