// What a federated trust must pin, per identity provider, in the provider's own claim format. An OIDC trust admits
// every token the provider issues unless `<issuer>:aud` and `<issuer>:sub` are pinned to exact values (IAM docs,
// "Creating a role for web identity or OIDC federation"); what `sub` means depends on the provider.
import { pinnedValues } from "./conditions";
import { Statement } from "./document";

interface Provider {
    readonly name: string;
    readonly issuer: RegExp;
    /** What one `sub` value must look like to name one workload. */
    readonly sub: RegExp;
    readonly subShape: string;
    readonly audience: string;
}

const PROVIDERS: Provider[] = [
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
];

/** The issuer host/path of an OIDC provider ARN, e.g. oidc.eks.eu-west-1.amazonaws.com/id/X. */
export function issuerOf(federated: string): string | undefined {
    const i = federated.indexOf(":oidc-provider/");
    return i < 0 ? undefined : federated.slice(i + ":oidc-provider/".length);
}

/** What is wrong with how a statement pins one OIDC provider's tokens; empty when it names one workload. */
export function oidcProblems(s: Statement, issuer: string): string[] {
    const provider = PROVIDERS.find((p) => p.issuer.test(issuer));
    const problems: string[] = [];
    const sub = pinnedValues(s.conditions, `${issuer}:sub`);
    const aud = pinnedValues(s.conditions, `${issuer}:aud`);
    const audience = provider?.audience;
    if (!aud || aud.length === 0 || (audience && aud.some((a) => a !== audience)))
        problems.push(`${issuer}:aud must be pinned (StringEquals, no wildcard, not IfExists) to ${audience ?? "your client id"}`);
    if (!sub || sub.length === 0)
        problems.push(`${issuer}:sub must be pinned (StringEquals, no wildcard, not IfExists)${provider ? ` to ${provider.subShape}` : ""}`);
    else if (provider) {
        const wrong = sub.filter((v) => !provider.sub.test(v));
        if (wrong.length > 0) problems.push(`${issuer}:sub ${wrong.join(", ")} is not one ${provider.name} workload (${provider.subShape})`);
    }
    return problems;
}
