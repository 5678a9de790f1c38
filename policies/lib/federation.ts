// What a federated trust must pin, per identity provider, in the provider's own claim format. A federated trust
// admits every token the provider issues unless its audience and subject claims are pinned to exact values (IAM
// docs, "Creating a role for web identity or OIDC federation"), and a role is one workload's: the values a trust
// admits are counted over the whole document, because a list of values is an OR, ForAnyValue is an OR, and
// statements are OR-ed. Two service accounts, two repositories or two branches on one role is two workloads.
import { pinnedValues } from "./conditions";
import { PolicyDocument, Statement } from "./document";

interface OidcProvider {
    readonly name: string;
    readonly issuer: RegExp;
    /** What one `sub` value must look like to name one workload. */
    readonly sub: RegExp;
    readonly subShape: string;
    /** The audience the provider puts in tokens for AWS; undefined when each client chooses its own. */
    readonly audience?: string;
}

const PROVIDERS: OidcProvider[] = [
    {
        // EKS IRSA: system:serviceaccount:<namespace>:<name> (EKS docs, "Configure a role to assume a service account").
        name: "EKS service-account (IRSA)",
        issuer: /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+$/,
        sub: /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
        subShape: "system:serviceaccount:<namespace>:<name>",
        audience: "sts.amazonaws.com",
    },
    {
        // GitHub Actions: repo:<owner>/<repo>:<environment:x | ref:refs/heads/x | pull_request | …> (GitHub docs,
        // "Configuring OpenID Connect in Amazon Web Services"; "Example subject claims").
        name: "GitHub Actions",
        issuer: /^token\.actions\.githubusercontent\.com$/,
        sub: /^repo:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+:(environment:[^*?]+|ref:refs\/(heads|tags)\/[^*?]+|pull_request)$/,
        subShape: "repo:<owner>/<repo>:environment:<name> (or :ref:refs/heads/<branch>, :pull_request)",
        audience: "sts.amazonaws.com",
    },
    {
        // GitLab CI: project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>; the job chooses its audience
        // (docs.gitlab.com/ci/secrets/id_token_authentication).
        name: "GitLab CI",
        issuer: /^gitlab\.com$/,
        sub: /^project_path:[^*?:]+\/[^*?:]+:ref_type:(branch|tag):ref:[^*?]+$/,
        subShape: "project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>",
    },
];

/** Web identity providers named directly in Federated (no IAM provider resource), and the claim that pins the app. */
const PUBLIC_IDPS: Record<string, string> = {
    "cognito-identity.amazonaws.com": "cognito-identity.amazonaws.com:aud",
    "accounts.google.com": "accounts.google.com:aud",
    "graph.facebook.com": "graph.facebook.com:app_id",
    "www.amazon.com": "www.amazon.com:app_id",
};

/** The issuer host/path of an OIDC provider ARN, e.g. oidc.eks.eu-west-1.amazonaws.com/id/X. */
export function issuerOf(federated: string): string | undefined {
    const i = federated.indexOf(":oidc-provider/");
    return i < 0 ? undefined : federated.slice(i + ":oidc-provider/".length);
}

export interface FederationProblem {
    /** The statement at fault; undefined when the fault is the document's (workloads counted across statements). */
    readonly statement?: Statement;
    readonly message: string;
}

const PIN = "(StringEquals, no wildcard, not IfExists or ForAllValues)";

/** What is wrong with one statement's pins of one OIDC issuer; adds the `sub` values it admits to `admitted`. */
function oidcStatementProblems(s: Statement, issuer: string, admitted: Set<string>): string[] {
    const provider = PROVIDERS.find((p) => p.issuer.test(issuer));
    const problems: string[] = [];
    const sub = pinnedValues(s.conditions, `${issuer}:sub`);
    const aud = pinnedValues(s.conditions, `${issuer}:aud`);
    const audience = provider?.audience;
    if (!aud || aud.length === 0) problems.push(`${issuer}:aud must be pinned ${PIN} to ${audience ?? "your client id"}`);
    else if (audience && aud.some((a) => a !== audience)) problems.push(`${issuer}:aud admits ${aud.join(", ")}: only ${audience} is AWS's`);
    else if (aud.length > 1) problems.push(`${issuer}:aud admits ${aud.length} audiences (${aud.join(", ")}): one client per role`);
    if (!sub || sub.length === 0) problems.push(`${issuer}:sub must be pinned ${PIN}${provider ? ` to ${provider.subShape}` : ""}`);
    else {
        sub.forEach((v) => admitted.add(v));
        const wrong = provider ? sub.filter((v) => !provider.sub.test(v)) : [];
        if (wrong.length > 0) problems.push(`${issuer}:sub ${wrong.join(", ")} is not one ${provider!.name} workload (${provider!.subShape})`);
    }
    return problems;
}

/** Every problem with how a trust document pins its federated principals. */
export function federationProblems(doc: PolicyDocument): FederationProblem[] {
    const out: FederationProblem[] = [];
    const admittedByIssuer = new Map<string, Set<string>>();
    for (const s of doc.statements.filter((x) => x.effect === "Allow" && !x.principalsNegated)) {
        for (const provider of (s.principals ?? []).filter((p) => p.kind === "Federated").map((p) => p.value)) {
            const issuer = issuerOf(provider);
            if (issuer) {
                const admitted = admittedByIssuer.get(issuer) ?? new Set<string>();
                admittedByIssuer.set(issuer, admitted);
                oidcStatementProblems(s, issuer, admitted).forEach((m) => out.push({ statement: s, message: `the OIDC trust for ${issuer}: ${m}` }));
            } else if (provider.includes(":saml-provider/")) {
                const aud = pinnedValues(s.conditions, "SAML:aud");
                if (!aud || aud.length === 0) out.push({ statement: s, message: `the SAML trust for ${provider} must pin SAML:aud ${PIN}` });
            } else if (PUBLIC_IDPS[provider]) {
                const app = pinnedValues(s.conditions, PUBLIC_IDPS[provider]);
                if (!app || app.length !== 1)
                    out.push({ statement: s, message: `the web identity trust for ${provider} must pin ${PUBLIC_IDPS[provider]} to one value ${PIN}` });
            } else
                out.push({
                    statement: s,
                    message: `Federated ${provider} is neither an OIDC nor a SAML provider ARN nor a web identity provider the pack knows`,
                });
        }
    }
    for (const [issuer, admitted] of admittedByIssuer) {
        if (admitted.size > 1)
            out.push({
                message: `the trust admits ${admitted.size} workloads of ${issuer} (${[...admitted].join(", ")}): a list of values, ForAnyValue and separate statements are each an OR. Give each workload its own role`,
            });
    }
    return out;
}
