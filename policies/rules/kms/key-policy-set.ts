import { StackValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import { joined, targetsOf } from "../../lib/joins";
import { isGiven } from "../../lib/known";

export const kmsKeyPolicySet: StackValidationPolicy = {
    name: "strongroom-kms-key-policy-set",
    description:
        "Every KMS key (Key, ReplicaKey, ExternalKey, ReplicaExternalKey) gets exactly one explicit key policy: its own `policy`, or one aws.kms.KeyPolicy whose keyId comes from the key (an output, known or not at preview) or is its literal key id or ARN. Unset, AWS applies the default key policy; set twice, the two fight on every deploy.",
    remediationSteps: "Set the key's policy, or add one aws.kms.KeyPolicy with keyId: key.id; never both.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const keys = targetsOf(args.resources, "keyPolicy");
        if (keys.length === 0) return args.notApplicable("No KMS keys");
        for (const key of keys) {
            const inline = isGiven(key.props, "policy");
            const apart = joined(key, args.resources, "keyPolicy");
            if (!inline && apart.length === 0) reportViolation(`key ${key.name} has no explicit policy (${defaultNote("kms.policy")}).`, key.urn);
            else if (inline && apart.length > 0)
                reportViolation(
                    `key ${key.name} has a policy on the key and in ${apart.map((r) => r.name).join(", ")}: each deploy undoes the other.`,
                    key.urn,
                );
            else if (apart.length > 1)
                reportViolation(`key ${key.name} has ${apart.length} KeyPolicy resources (${apart.map((r) => r.name).join(", ")}).`, key.urn);
        }
    },
};
