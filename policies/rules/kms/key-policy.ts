import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as aws from "@pulumi/aws";
import { coversAction, globMatches, parseDocument } from "../../lib/iam-document";

const ROOT = /^arn:aws[a-z-]*:iam::\d{12}:root$/;
/** Using a key, as opposed to administering it (AWS KMS docs, "Allows key users to use the key"). */
export const KEY_USE_ACTIONS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey*",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:DescribeKey",
    "kms:CreateGrant",
    "kms:ListGrants",
    "kms:RevokeGrant",
];

export const kmsKeyPolicy: ResourceValidationPolicy = {
    name: "strongroom-kms-key-policy",
    description:
        "KMS keys need an explicit key policy: no `*` principal without a condition, kms:* only for the account root, key-use actions only for other principals, and no lockout-check bypass.",
    remediationSteps:
        "Give administration (kms:*) to arn:<partition>:iam::<account>:root only, and list the use actions (Encrypt, Decrypt, GenerateDataKey*, DescribeKey) for each role that needs them.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.kms.Key, (key, _args, reportViolation) => {
        if (key.bypassPolicyLockoutSafetyCheck === true) reportViolation("bypassPolicyLockoutSafetyCheck is true.");
        if (!key.policy) return reportViolation("the key has no explicit policy; the default one lets any IAM policy in the account use it.");
        const statements = parseDocument(key.policy);
        if (!statements) return reportViolation("the key policy is not a readable policy document.");
        for (const s of statements.filter((x) => x.effect === "Allow")) {
            const principals = [...(s.principals?.AWS ?? []), ...(s.principals?.["*"] ?? [])];
            const anyone = principals.includes("*");
            if (anyone && !s.conditions) reportViolation(`${s.sid ?? "a statement"} allows any principal without a condition.`);
            const isRoot = principals.length > 0 && principals.every((p) => ROOT.test(p));
            if (isRoot) continue;
            const actions = s.actions ?? ["*"];
            const beyondUse = actions.filter((a) => !KEY_USE_ACTIONS.some((use) => globMatches(a, use) || globMatches(use, a)) || a === "*" || a === "kms:*");
            if (beyondUse.length > 0 || s.notActions)
                reportViolation(
                    `${s.sid ?? "a statement"} gives ${[...principals, ...(s.principals?.Service ?? [])].join(", ")} more than key use: ${beyondUse.join(", ") || "NotAction"}.`,
                );
            if (coversAction(s, "kms:PutKeyPolicy")) reportViolation(`${s.sid ?? "a statement"} lets a non-root principal change the key policy.`);
        }
    }),
};
