import { ReportViolation, ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as aws from "@pulumi/aws";
import { accountsNamed, isAccountRoot } from "../../lib/accounts";
import { expandAction } from "../../lib/aws-actions";
import { parseDocument, Statement } from "../../lib/iam-document";
import { KeyActionKind, keyActionKind } from "../../lib/key-use";

interface KeyPolicyConfig {
    /** The account the keys belong to. Default: the one account the policy names. */
    accountId?: string;
    /** Other accounts deliberately allowed to use the keys (never to administer them). */
    trustedAccounts?: string[];
}

const grantIsForAwsResource = (s: Statement) =>
    Object.values(s.conditions ?? {}).some((kv) => Object.entries(kv).some(([k, v]) => k.toLowerCase() === "kms:grantisforawsresource" && v.includes("true")));

/** Administration, or a grant that is not for an AWS resource (an encrypted volume), goes beyond using the key. */
const beyondKeyUse = (kind: KeyActionKind, s: Statement) => kind === "administration" || (kind === "grant" && !grantIsForAwsResource(s));

/** Judges one key policy document, wherever it is set: on the key, or by a separate aws.kms.KeyPolicy. */
function judge(policy: unknown, bypass: unknown, config: KeyPolicyConfig, reportViolation: ReportViolation): void {
    if (bypass === true || bypass === "true") reportViolation("bypassPolicyLockoutSafetyCheck is true.");
    const statements = parseDocument(policy);
    if (!statements) return reportViolation("the key policy is not a readable policy document.");

    const trusted = config.trustedAccounts ?? [];
    const candidates = [...accountsNamed(statements)].filter((a) => !trusted.includes(a));
    const own = config.accountId ?? (candidates.length === 1 ? candidates[0] : undefined);
    const foreign = config.accountId ? candidates.filter((a) => a !== own) : candidates.length > 1 ? candidates : [];
    if (foreign.length > 0)
        reportViolation(
            `the key policy names principals of ${[...new Set([own, ...foreign].filter(Boolean))].join(", ")}: a key belongs to one account. ` +
                "List an account that deliberately shares the key in this policy's trustedAccounts config.",
        );

    for (const s of statements.filter((x) => x.effect === "Allow")) {
        const who = s.sid ?? "a statement";
        const principals = [...(s.principals?.AWS ?? []), ...(s.principals?.["*"] ?? [])];
        if (principals.includes("*") && !s.conditions) reportViolation(`${who} allows any principal without a condition.`);
        // Only the key's own account (its root) administers; when the account is ambiguous that was reported above.
        if (principals.length > 0 && principals.every((p) => isAccountRoot(p, own))) continue;
        if (s.notActions) {
            reportViolation(`${who} uses NotAction, which gives ${principals.join(", ") || "its principals"} administration.`);
            continue;
        }
        const beyondUse = (s.actions ?? []).filter((pattern) => {
            const reached = expandAction(pattern);
            // A glob is use only if everything it reaches is use; an unknown action is judged the worst.
            return reached.length === 0 || reached.some((a) => beyondKeyUse(keyActionKind(a), s));
        });
        if (beyondUse.length > 0)
            reportViolation(`${who} gives ${[...principals, ...(s.principals?.Service ?? [])].join(", ")} more than key use: ${beyondUse.join(", ")}.`);
    }
}

export const kmsKeyPolicy: ResourceValidationPolicy = {
    name: "strongroom-kms-key-policy",
    description:
        "KMS keys need an explicit key policy (on the key or as an aws.kms.KeyPolicy): one account, no `*` principal without a condition, administration only for that account's root, key use (AWS's cryptographic operations and reads) for everyone else, grants only for AWS resources, and no lockout-check bypass.",
    remediationSteps:
        "Give administration (kms:*) to arn:<partition>:iam::<account>:root only, and list the use actions (Encrypt, Decrypt, GenerateDataKey*, DescribeKey, Sign, Verify, …) for each role that needs them; condition CreateGrant on kms:GrantIsForAWSResource.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            accountId: { type: "string", pattern: "^\\d{12}$" },
            trustedAccounts: { type: "array", items: { type: "string", pattern: "^\\d{12}$" }, default: [] },
        },
    },
    validateResource: [
        validateResourceOfType(aws.kms.Key, (key, args, reportViolation) => {
            if (!key.policy) return reportViolation("the key has no explicit policy; the default one lets any IAM policy in the account use it.");
            judge(key.policy, key.bypassPolicyLockoutSafetyCheck, args.getConfig<KeyPolicyConfig>(), reportViolation);
        }),
        validateResourceOfType(aws.kms.KeyPolicy, (keyPolicy, args, reportViolation) =>
            judge(keyPolicy.policy, keyPolicy.bypassPolicyLockoutSafetyCheck, args.getConfig<KeyPolicyConfig>(), reportViolation),
        ),
    ],
};
