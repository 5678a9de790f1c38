// Which account a policy belongs to, from evidence about the resource itself — never from the principals it
// admits (a policy naming only one other account must not be taken as that account's). A resource rule knows the
// account when the pack config says it (accountId) or the resource shows it: its own ARN, a queue URL, the function
// a permission is for, the ARNs its resource policy is written for, the OIDC or SAML provider a trust names (IAM
// takes identity providers from the role's own account). Otherwise the stack decides: strongroom-account-boundary
// reads the account from the provider config or the ARNs of the resources the stack creates.
import { PolicyResource } from "@pulumi/policy";
import { PolicyDocument } from "./document";
import { known } from "./known";
import { accountOf, reachOf } from "./reach";

/** Inputs that name the resource itself (or the resource a policy is attached to), never a caller or a source. */
const SELF_INPUTS = ["arn", "keyArn", "keyId", "function", "functionName", "topicArn", "secretArn", "resourceArn", "targetKeyArn", "queueUrl"];
const QUEUE_URL = /^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/(\d{12})\//;

const single = (accounts: Iterable<string | undefined>): string | undefined => {
    const set = new Set([...accounts].filter((a): a is string => a !== undefined));
    return set.size === 1 ? [...set][0] : undefined;
};

function accountOfValue(v: unknown): string | undefined {
    if (typeof v !== "string") return undefined;
    return QUEUE_URL.exec(v)?.[2] ?? (v.startsWith("arn:") ? accountOf(v) : undefined);
}

/** The account a resource and the document it carries show as their own; undefined when none (or two) do. */
export function ownAccountEvidence(type: string, props: unknown, doc?: PolicyDocument): string | undefined {
    const fromInputs = SELF_INPUTS.map((i) => accountOfValue(known(props, i)));
    const statements = doc?.statements ?? [];
    // A trust's identity provider lives in the role's account; a resource policy's Resource ARNs name its resource.
    const fromProviders =
        type === "aws:iam/role:Role"
            ? statements.flatMap((s) => (s.principals ?? []).filter((p) => p.kind === "Federated").map((p) => accountOf(p.value)))
            : [];
    const fromResources = type === "aws:iam/role:Role" ? [] : statements.flatMap((s) => (s.resourcesNegated ? [] : (s.resources ?? []))).map(accountOf);
    return single([...fromInputs, ...fromProviders, ...fromResources]);
}

/** The accounts a document's Allow statements name (principals and the sources services act for), trusted ones left out. */
export function namedAccounts(doc: PolicyDocument, trusted: readonly string[]): string[] {
    const named = doc.statements
        .filter((s) => s.effect === "Allow")
        .flatMap((s) => {
            const reach = reachOf(s, doc);
            return [...reach.accounts, ...reach.services.flatMap((x) => [...(x.sourceAccounts ?? [])])];
        })
        .filter((a) => /^\d{12}$/.test(a) && !trusted.includes(a));
    return [...new Set(named)];
}

export interface StackAccount {
    readonly account?: string;
    /** Where it was read from, or why it cannot be known. */
    readonly evidence: string;
}

const PROVIDER = /^pulumi:providers:aws$/;

/**
 * The account a stack deploys to: the pack config, else the AWS provider's allowedAccountIds (one account), else the
 * account of every ARN the stack's own resources carry (their `arn`, and ARN inputs that come from another resource
 * of the stack). Two different answers mean the plan does not tell.
 */
export function stackAccount(resources: readonly PolicyResource[], configured?: string): StackAccount {
    if (configured) return { account: configured, evidence: "the pack config (accountId)" };
    const allowed = resources
        .filter((r) => PROVIDER.test(r.type))
        .map((r) => known(r.props, "allowedAccountIds"))
        .map((v) => (typeof v === "string" ? safeJson(v) : v))
        .filter((v): v is string[] => Array.isArray(v) && v.length === 1);
    const fromProvider = single(allowed.map((v) => String(v[0])));
    if (fromProvider) return { account: fromProvider, evidence: "the AWS provider's allowedAccountIds" };
    const own = new Set<string>();
    for (const r of resources) {
        const mine = accountOfValue(known(r.props, "arn"));
        if (mine) own.add(mine);
        for (const input of Object.keys(r.propertyDependencies ?? {})) {
            if ((r.propertyDependencies[input] ?? []).length === 0) continue;
            const v = known(r.props, input);
            for (const x of Array.isArray(v) ? v : [v]) {
                const a = accountOfValue(x);
                if (a) own.add(a);
            }
        }
    }
    if (own.size === 1) return { account: [...own][0], evidence: "the ARNs of the resources the stack creates" };
    return {
        evidence:
            own.size > 1
                ? `the stack's own ARNs name several accounts (${[...own].join(", ")})`
                : "nothing in the plan shows it (no accountId in the pack config, no allowedAccountIds on the AWS provider, no ARN of a resource the stack creates is known yet)",
    };
}

function safeJson(v: string): unknown {
    try {
        return JSON.parse(v);
    } catch {
        return undefined;
    }
}
