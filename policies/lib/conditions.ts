// What a statement's conditions really restrict. Each condition key is classified by what it limits (the caller's
// account, the caller's organisation, the source a service acts for, the network, nothing about who), and each
// operator by AWS's semantics: a negated operator allows everything but its values; `…IfExists` and `ForAllValues`
// are true when the request lacks the key; `Null` tests only presence; a wildcard in a `…Like` value, or in the
// account field of an ARN value, matches every account. IAM docs: reference_policies_elements_condition_operators,
// reference_policies_condition-single-vs-multi-valued-context-keys, reference_policies_condition-keys.
import { globRegExp } from "./aws-actions";
import { Condition } from "./document";

export type KeyClass =
    | "principal-account"
    | "principal-arn"
    | "principal-org"
    | "source-account"
    | "source-arn"
    | "source-org"
    | "via-service"
    | "transport"
    | "network"
    | "other";

const KEY_CLASSES: Record<string, KeyClass> = {
    "aws:principalaccount": "principal-account",
    "kms:calleraccount": "principal-account",
    "aws:principalarn": "principal-arn",
    "aws:principalorgid": "principal-org",
    "aws:principalorgpaths": "principal-org",
    "aws:sourceaccount": "source-account",
    "aws:sourceowner": "source-account",
    "aws:sourcearn": "source-arn",
    "aws:sourceorgid": "source-org",
    "aws:sourceorgpaths": "source-org",
    "kms:viaservice": "via-service",
    "aws:securetransport": "transport",
    "aws:sourceip": "network",
    "aws:sourcevpc": "network",
    "aws:sourcevpce": "network",
    "aws:vpcsourceip": "network",
};

export function keyClass(key: string): KeyClass {
    // The encryption context a service sets names the resource it encrypts for (CloudWatch Logs: the log group's
    // ARN), which pins the source like aws:SourceArn (KMS docs, "kms:EncryptionContext:context-key").
    if (/^kms:encryptioncontext:aws:[a-z0-9-]+:arn$/.test(key)) return "source-arn";
    return KEY_CLASSES[key] ?? "other";
}

const POSITIVE = ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"];
const NEGATED = ["stringnotequals", "stringnotequalsignorecase", "stringnotlike", "arnnotequals", "arnnotlike"];
const ACCOUNT_ID = /^\d{12}$/;
/** "Any account": a value whose account part is missing or a wildcard. */
export const ANY = "*";

/** The account a condition value names: the value itself for account keys, the ARN's account field otherwise. */
function accountIn(value: string, cls: KeyClass, operator: string): string {
    const like = operator.endsWith("like");
    if (cls === "principal-account" || cls === "source-account") return ACCOUNT_ID.test(value) && !(like && /[*?]/.test(value)) ? value : ANY;
    const account = value.split(":")[4];
    return account !== undefined && ACCOUNT_ID.test(account) ? account : ANY;
}

/** The accounts a positive condition admits, or undefined when the condition does not limit accounts at all. */
function admitted(c: Condition): Set<string> | undefined {
    const cls = keyClass(c.key);
    if (!["principal-account", "principal-arn", "source-account", "source-arn"].includes(cls)) return undefined;
    const op = c.operator.toLowerCase();
    if (!POSITIVE.includes(op) || c.ifExists || c.set === "ForAllValues") return undefined;
    const accounts = new Set(c.values.map((v) => accountIn(v, cls, op)));
    return accounts.has(ANY) || accounts.size === 0 ? undefined : accounts;
}

const isPrincipalSide = (c: Condition) => ["principal-account", "principal-arn"].includes(keyClass(c.key));
const isSourceSide = (c: Condition) => ["source-account", "source-arn"].includes(keyClass(c.key));

export interface Limits {
    /** Callers (or, for a `*` principal, the sources services act for) are limited to these accounts. */
    readonly accounts?: Set<string>;
    /** Services acting for a source are limited to these accounts (aws:SourceAccount, aws:SourceArn, …). */
    readonly sourceAccounts?: Set<string>;
    /** Limited only to an organisation, which is not the own account. */
    readonly organisation: boolean;
}

const intersect = (a: Set<string> | undefined, b: Set<string>): Set<string> => (a ? new Set([...a].filter((x) => b.has(x))) : b);

/** The limits a statement's conditions (all of which must hold) put on who is admitted. */
export function limitsOf(conditions: readonly Condition[]): Limits {
    let accounts: Set<string> | undefined;
    let sourceAccounts: Set<string> | undefined;
    let organisation = false;
    for (const c of conditions) {
        const admits = admitted(c);
        if (admits && isPrincipalSide(c)) accounts = intersect(accounts, admits);
        if (admits && isSourceSide(c)) sourceAccounts = intersect(sourceAccounts, admits);
        const cls = keyClass(c.key);
        const op = c.operator.toLowerCase();
        if ((cls === "principal-org" || cls === "source-org") && POSITIVE.includes(op) && !c.ifExists && c.set !== "ForAllValues") {
            if (c.values.some((v) => !/[*?]/.test(v) || op !== "stringlike")) organisation = true;
        }
    }
    return { accounts, sourceAccounts, organisation };
}

/**
 * A Deny guard that refuses every caller outside a set of accounts: a negated operator on a principal key (e.g.
 * StringNotEquals aws:PrincipalAccount <own>), as its only condition. Anonymous callers lack the key, and a negated
 * operator is true for a missing key, so they are refused too. Returns the accounts it lets through.
 */
export function denyGuardAccounts(conditions: readonly Condition[]): Set<string> | undefined {
    if (conditions.length !== 1) return undefined;
    const [c] = conditions;
    const op = c.operator.toLowerCase();
    if (!isPrincipalSide(c) || !NEGATED.includes(op) || c.ifExists || c.set) return undefined;
    const accounts = new Set(c.values.map((v) => accountIn(v, keyClass(c.key), op.replace("not", ""))));
    return accounts.has(ANY) ? undefined : accounts;
}

/**
 * The exact values a claim is pinned to (an OIDC `sub`/`aud`, SAML:aud): positive string conditions on the key, not
 * IfExists and not ForAllValues (both true for a token without the claim). A condition's values are an OR, and so
 * is ForAnyValue; several conditions on one key must all hold, so the admitted values are those every exact
 * condition lists, kept only where each StringLike pattern matches them. Undefined when no condition gives exact
 * values: a wildcard alone pins nothing.
 */
export function pinnedValues(conditions: readonly Condition[], key: string): string[] | undefined {
    const pins = conditions.filter(
        (c) =>
            c.key === key.toLowerCase() &&
            ["stringequals", "stringequalsignorecase", "stringlike"].includes(c.operator.toLowerCase()) &&
            !c.ifExists &&
            c.set !== "ForAllValues",
    );
    const patterned = (c: Condition) => c.operator.toLowerCase() === "stringlike" && c.values.some((v) => /[*?]/.test(v));
    const exact = pins.filter((c) => !patterned(c));
    if (exact.length === 0) return undefined;
    const matches = (c: Condition, v: string) => c.values.some((p) => globRegExp(p, "").test(v));
    return [...new Set(exact.map((c) => c.values).reduce((a, b) => a.filter((v) => b.includes(v))))].filter((v) =>
        pins.filter(patterned).every((c) => matches(c, v)),
    );
}

/** Condition values for a key under a positive operator, wildcards kept (for messages and ARN-shaped pins). */
export function positiveValues(conditions: readonly Condition[], key: string): string[] {
    return conditions
        .filter((c) => c.key === key.toLowerCase() && POSITIVE.includes(c.operator.toLowerCase()) && !c.ifExists && c.set !== "ForAllValues")
        .flatMap((c) => c.values);
}

/** Whether a condition is Bool/…IfExists true on a key (e.g. kms:GrantIsForAWSResource). */
export function requiresTrue(conditions: readonly Condition[], key: string): boolean {
    return conditions.some(
        (c) => c.key === key.toLowerCase() && c.operator.toLowerCase() === "bool" && !c.ifExists && c.values.length > 0 && c.values.every((v) => v === "true"),
    );
}
