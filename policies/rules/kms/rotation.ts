import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import * as aws from "@pulumi/aws";

export const kmsRotation: ResourceValidationPolicy = {
    name: "strongroom-kms-rotation",
    description: "Symmetric customer-managed KMS keys must have automatic rotation on.",
    remediationSteps: "Set enableKeyRotation: true on the key.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, reportViolation) => {
        const spec = key.customerMasterKeySpec ?? (key as { keySpec?: string }).keySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT") return args.notApplicable("Rotation applies to symmetric keys only");
        if (key.enableKeyRotation !== true) reportViolation(`key rotation is off (enableKeyRotation ${defaultNote("kms.rotation")}).`);
    }),
};
