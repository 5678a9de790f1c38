import { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { expandAction } from "../../lib/aws-actions";
import { KEY_POLICY_TYPES } from "../../lib/carriers";
import { requiresTrue } from "../../lib/conditions";
import { PolicyDocument, Statement } from "../../lib/document";
import { KeyActionKind, keyActionKind } from "../../lib/key-use";
import { namedAccounts } from "../../lib/own-account";
import { isGiven } from "../../lib/known";
import { ACCOUNT_CONFIG_SCHEMA, describe, ownAccountOf, readOrReport, truthy } from "../../lib/policy-helpers";
import { describeReach, foreignAccounts, isAccountRoot, reachOf, unpinnedServices } from "../../lib/reach";

interface KeyPolicyConfig {
    /** The account the keys belong to. Default: what the key shows of itself (its ARN), else strongroom-account-boundary decides from the stack. */
    accountId?: string;
    /** Other accounts deliberately allowed to use the keys (never to administer them). */
    trustedAccounts?: string[];
}

/** Administration, or a grant that is not for an AWS resource (an encrypted volume), goes beyond using the key. */
const beyondKeyUse = (kind: KeyActionKind, s: Statement) =>
    kind === "administration" || (kind === "grant" && !requiresTrue(s.conditions, "kms:GrantIsForAWSResource"));

/**
 * Only the own account's root (a bare id or its :root ARN), named as a principal, not through NotPrincipal. When the
 * own account is ambiguous that is reported once, and any root is taken as the administrator.
 */
const onlyOwnRoot = (s: Statement, own: string | undefined) =>
    !s.principalsNegated &&
    (s.principals ?? []).length > 0 &&
    s.principals!.every((p) => p.kind === "AWS" && isAccountRoot(p.value) && (!own || p.value.includes(own)));

/** Judges one key policy document, wherever it is set: on a key, a replica, an external key, or an aws.kms.KeyPolicy. */
function judge(type: string, doc: PolicyDocument, props: Record<string, any>, config: KeyPolicyConfig, report: ReportViolation): void {
    const trusted = config.trustedAccounts ?? [];
    const allows = doc.statements.filter((s) => s.effect === "Allow");
    const reaches = allows.map((s) => reachOf(s, doc));
    const named = namedAccounts(doc, trusted);
    const own = ownAccountOf(config, type, doc, props);
    // A key belongs to one account: two named accounts include a foreign one, whichever is the key's.
    if (!own && named.length > 1)
        report(
            `the key policy names principals of ${named.join(", ")}: a key belongs to one account. ` +
                "List an account that deliberately shares the key in this policy's trustedAccounts config.",
        );
    allows.forEach((s, i) => {
        const reach = reaches[i];
        const who = describe(s);
        if (reach.anonymous || reach.anyAccount || reach.organisation)
            report(`${who} admits ${describeReach(reach)}: its principal and conditions do not limit callers to the key's account.`);
        const foreign = own ? foreignAccounts(reach, own, trusted) : [];
        if (foreign.length > 0) report(`${who} admits account(s) ${foreign.join(", ")}, which are not the key's account ${own}.`);
        for (const service of unpinnedServices(reach, own, trusted))
            report(
                `${who} lets ${service.service} use the key for any account's resources: pin aws:SourceAccount, aws:SourceArn or the service's encryption context.`,
            );
        if (onlyOwnRoot(s, own)) return;
        if (s.actionsNegated) return report(`${who} uses NotAction, which gives ${describeReach(reach)} administration.`);
        const beyond = s.actions.filter((pattern) => {
            const reached = expandAction(pattern);
            // A glob is use only if everything it reaches is use; an unknown action is judged the worst.
            return reached.length === 0 || reached.some((a) => beyondKeyUse(keyActionKind(a), s));
        });
        if (beyond.length > 0)
            report(
                `${who} gives ${describeReach(reach)}${reach.services.length ? ` and ${reach.services.map((x) => x.service).join(", ")}` : ""} more than key use: ${beyond.join(", ")}.`,
            );
    });
}

export const kmsKeyPolicy: ResourceValidationPolicy = {
    name: "strongroom-kms-key-policy",
    description:
        "Every key policy (aws.kms.Key, KeyPolicy, ReplicaKey, ExternalKey, ReplicaExternalKey) must admit only the key's account: no anonymous caller, every account or organisation (NotPrincipal and conditions that do not limit the caller count as such), no other account unless listed in trustedAccounts, services pinned to the account's resources; administration only for that account's root, key use (AWS's cryptographic operations and reads) for everyone else, grants only for AWS resources, and no lockout-check bypass.",
    remediationSteps:
        "Give administration (kms:*) to arn:<partition>:iam::<account>:root only, and list the use actions (Encrypt, Decrypt, GenerateDataKey*, DescribeKey, Sign, Verify, …) for each role that needs them; condition CreateGrant on kms:GrantIsForAWSResource; pin services with aws:SourceAccount.",
    enforcementLevel: "mandatory",
    configSchema: ACCOUNT_CONFIG_SCHEMA,
    validateResource: (args, reportViolation) => {
        if (!KEY_POLICY_TYPES.includes(args.type)) return args.notApplicable("Policy only applies to KMS keys and key policies");
        if (truthy(args.props.bypassPolicyLockoutSafetyCheck)) reportViolation("bypassPolicyLockoutSafetyCheck is true.");
        // A key without its own policy gets one from an aws.kms.KeyPolicy, or AWS's default: strongroom-kms-key-policy-set judges which.
        if (!isGiven(args.props, "policy")) return;
        const doc = readOrReport("the key policy", args.props.policy, reportViolation);
        if (doc) judge(args.type, doc, args.props, args.getConfig<KeyPolicyConfig>(), reportViolation);
    },
};
