import { ResourceValidationPolicy } from "@pulumi/policy";
import { pinnedValues } from "../../lib/conditions";
import { issuerOf, oidcProblems } from "../../lib/federation";
import { describe, ownAccountOf, readOrReport } from "../../lib/policy-helpers";
import { describeReach, foreignAccounts, reachOf } from "../../lib/reach";

export const trustPolicy: ResourceValidationPolicy = {
    name: "strongroom-iam-trust-policy",
    description:
        "Role trust policies admit only the role's account, named services and pinned federated identities: no anonymous caller, every account or organisation (NotPrincipal and non-limiting conditions count as such), no other account unless listed in trustedAccounts; an OIDC trust pins `:aud` and `:sub` exactly (EKS: one system:serviceaccount:<namespace>:<name>; GitHub Actions: one repo:<owner>/<repo>:<environment|ref|pull_request>), a SAML trust pins SAML:aud.",
    remediationSteps:
        "Name the trusted principal. For IRSA add StringEquals <issuer>:sub = system:serviceaccount:<namespace>:<name> and <issuer>:aud = sts.amazonaws.com; for GitHub, sub = repo:<owner>/<repo>:environment:<name>.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            accountId: { type: "string", pattern: "^\\d{12}$" },
            trustedAccounts: { type: "array", items: { type: "string", pattern: "^\\d{12}$" }, default: [] },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:iam/role:Role") return args.notApplicable("Policy only applies to IAM roles");
        const config = args.getConfig<{ accountId?: string; trustedAccounts?: string[] }>();
        const doc = readOrReport("assumeRolePolicy", args.props.assumeRolePolicy, reportViolation);
        if (!doc) return;
        const trusted = config.trustedAccounts ?? [];
        const allows = doc.statements.filter((s) => s.effect === "Allow");
        const reaches = allows.map((s) => reachOf(s, doc));
        const providers = allows.flatMap((s) => (s.principals ?? []).filter((p) => p.kind === "Federated").map((p) => p.value));
        const own = ownAccountOf(
            config,
            doc,
            args.props,
            [...reaches.flatMap((r) => [...r.accounts]), ...providers.map((p) => p.split(":")[4] ?? "")].filter(Boolean),
        );
        allows.forEach((s, i) => {
            const reach = reaches[i];
            if (reach.anonymous || reach.anyAccount || reach.organisation) reportViolation(`${describe(s)} lets ${describeReach(reach)} assume the role.`);
            const foreign = foreignAccounts(reach, own, trusted);
            if (foreign.length > 0)
                reportViolation(`${describe(s)} lets account(s) ${foreign.join(", ")} assume the role; list a deliberate one in trustedAccounts.`);
            for (const provider of reach.federated) {
                const issuer = issuerOf(provider);
                if (issuer) oidcProblems(s, issuer).forEach((p) => reportViolation(`${describe(s)}: the OIDC trust for ${issuer}: ${p}.`));
                else if (provider.includes(":saml-provider/") && !pinnedValues(s.conditions, "SAML:aud"))
                    reportViolation(`${describe(s)}: the SAML trust for ${provider} must pin SAML:aud.`);
            }
        });
    },
};
