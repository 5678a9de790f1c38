// Who an Allow statement of a resource, key or trust policy admits, after its Principal (or NotPrincipal), its
// conditions and the document's Deny guards: anonymous callers, any account, named accounts, an organisation,
// services (pinned to a source or not), federated identities. Rules ask this instead of reading principals.
import { expandAction, globMatches } from "./aws-actions";
import { ANY, denyGuardAccounts, limitsOf } from "./conditions";
import { PolicyDocument, Statement } from "./document";

export interface ServiceReach {
    readonly service: string;
    /** Accounts the service may act for (aws:SourceAccount, aws:SourceArn, …); undefined when unpinned. */
    readonly sourceAccounts?: Set<string>;
    /** Pinned only to an organisation (aws:SourceOrgID): not one account. */
    readonly organisation: boolean;
}

export interface Reach {
    /** Unauthenticated callers. */
    readonly anonymous: boolean;
    /** Every principal of every account. */
    readonly anyAccount: boolean;
    /** Only the principals of an organisation (not limited to accounts). */
    readonly organisation: boolean;
    /** The accounts whose principals are admitted (a root, a role, or a `*` limited by conditions). */
    readonly accounts: Set<string>;
    readonly services: ServiceReach[];
    /** Federated identity providers (OIDC provider ARNs, SAML providers, cognito-identity.amazonaws.com, …). */
    readonly federated: string[];
}

const ACCOUNT_ID = /^\d{12}$/;

/** The account of a principal: a bare 12-digit id is that account's root (IAM docs, "AWS account principals"). */
export function accountOf(principal: string): string | undefined {
    if (ACCOUNT_ID.test(principal)) return principal;
    const account = principal.split(":")[4];
    return account !== undefined && ACCOUNT_ID.test(account) ? account : undefined;
}

export function isAccountRoot(principal: string): boolean {
    return ACCOUNT_ID.test(principal) || /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(principal);
}

/** Whether every action of `s` is also refused by `guard` (a Deny covering the same actions). */
function guardCovers(guard: Statement, s: Statement): boolean {
    if (guard.actionsNegated || s.actionsNegated) return false;
    if (guard.resources && !guard.resourcesNegated && !guard.resources.includes("*")) return false;
    return s.actions.every((a) => {
        const reached = expandAction(a);
        return reached.length > 0 && reached.every((r) => guard.actions.some((g) => globMatches(g, r.name)));
    });
}

/** Accounts a Deny guard elsewhere in the document limits this statement to (undefined: none does). */
function guardedTo(s: Statement, doc: PolicyDocument): Set<string> | undefined {
    for (const guard of doc.statements) {
        if (guard.effect !== "Deny" || guard.principalsNegated || !guard.principals?.some((p) => p.kind === "*")) continue;
        const accounts = denyGuardAccounts(guard.conditions);
        if (accounts && guardCovers(guard, s)) return accounts;
    }
    return undefined;
}

/** Who an Allow statement admits. Identity-policy statements (no Principal) admit only their holder: empty reach. */
export function reachOf(s: Statement, doc: PolicyDocument): Reach {
    let anonymous = false;
    let anyAccount = false;
    let accounts = new Set<string>();
    const serviceNames: string[] = [];
    const federated: string[] = [];
    if (s.principalsNegated) {
        // Allow with NotPrincipal admits everyone it does not name, anonymous callers included (IAM docs, NotPrincipal).
        anonymous = true;
        anyAccount = true;
    }
    for (const p of s.principalsNegated ? [] : (s.principals ?? [])) {
        if (p.kind === "*") {
            anonymous = true;
            anyAccount = true;
        } else if (p.kind === "Service") serviceNames.push(p.value);
        else if (p.kind === "Federated") federated.push(p.value);
        else if (p.kind === "CanonicalUser") accounts.add(`canonical user ${p.value}`);
        else accounts.add(accountOf(p.value) ?? ANY);
    }
    if (accounts.has(ANY)) {
        accounts.delete(ANY);
        anyAccount = true;
    }
    const limits = limitsOf(s.conditions);
    const guard = guardedTo(s, doc);
    let organisation = false;
    for (const limit of [limits.accounts, guard, anyAccount ? limits.sourceAccounts : undefined]) {
        if (!limit) continue;
        // A limit keeps the named accounts it admits; for `*` it names who is left.
        accounts = anyAccount ? new Set(limit) : new Set([...accounts].filter((a) => limit.has(a)));
        anonymous = false;
        anyAccount = false;
    }
    if (limits.organisation && (anonymous || anyAccount)) {
        anonymous = false;
        anyAccount = false;
        organisation = true;
    }
    const services = serviceNames.map((service) => ({
        service,
        sourceAccounts: limits.sourceAccounts,
        organisation: limits.organisation && !limits.sourceAccounts,
    }));
    return { anonymous, anyAccount, organisation, accounts, services, federated };
}

/** Accounts the reach admits beyond `own` and `trusted` ("any account" and anonymous callers are reported apart). */
export function foreignAccounts(reach: Reach, own: string | undefined, trusted: readonly string[]): string[] {
    return [...reach.accounts].filter((a) => a !== own && !trusted.includes(a));
}

/**
 * Services admitted without a pin to `own` (or a trusted account) as the source they act for. When the own account
 * is not known, only services with no source pin at all are unpinned; which account a pin names is then the stack's
 * question (strongroom-account-boundary).
 */
export function unpinnedServices(reach: Reach, own: string | undefined, trusted: readonly string[]): ServiceReach[] {
    return reach.services.filter((s) => !s.sourceAccounts || (own !== undefined && [...s.sourceAccounts].some((a) => a !== own && !trusted.includes(a))));
}

/** A one-line description of who is admitted, for messages. */
export function describeReach(reach: Reach): string {
    const parts: string[] = [];
    if (reach.anonymous) parts.push("anonymous callers");
    if (reach.anyAccount) parts.push("every AWS account");
    if (reach.organisation) parts.push("a whole organisation");
    if (reach.accounts.size > 0) parts.push(`account(s) ${[...reach.accounts].join(", ")}`);
    return parts.join(", ") || "no one";
}
