import { ResourceValidationPolicy } from "@pulumi/policy";
import { federationProblems } from "../../lib/federation";
import { ACCOUNT_CONFIG_SCHEMA, describe, readOrReport } from "../../lib/policy-helpers";
import { namedAccounts, ownAccountEvidence } from "../../lib/own-account";
import { describeReach, foreignAccounts, reachOf } from "../../lib/reach";

export const trustPolicy: ResourceValidationPolicy = {
    name: "strongroom-iam-trust-policy",
    description:
        'Role trust policies name who may assume the role: no `*` principal ({"AWS": "*"} included) and no NotPrincipal in an Allow, whatever the conditions (a condition is not a name); no other account unless listed in trustedAccounts (the role\'s account is the configured accountId, or the account of its OIDC provider or ARN; when neither is known, strongroom-account-boundary judges it from the stack); services and pinned federated identities otherwise. An OIDC trust pins `:aud` and `:sub` exactly and admits one workload over the whole document — a list of values, ForAnyValue and separate statements are each an OR (EKS: one system:serviceaccount:<namespace>:<name>; GitHub Actions: one repo:<owner>/<repo>:<environment|ref|pull_request>; GitLab: one project_path:<group>/<project>:ref_type:<type>:ref:<name>); a SAML trust pins SAML:aud; Cognito, Google, Facebook and Amazon web identity pin their app id.',
    remediationSteps:
        "Name the trusted principal. For IRSA add StringEquals <issuer>:sub = system:serviceaccount:<namespace>:<name> and <issuer>:aud = sts.amazonaws.com; for GitHub, sub = repo:<owner>/<repo>:environment:<name>. Give each workload its own role.",
    enforcementLevel: "mandatory",
    configSchema: ACCOUNT_CONFIG_SCHEMA,
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:iam/role:Role") return args.notApplicable("Policy only applies to IAM roles");
        const config = args.getConfig<{ accountId?: string; trustedAccounts?: string[] }>();
        const doc = readOrReport("assumeRolePolicy", args.props.assumeRolePolicy, reportViolation);
        if (!doc) return;
        const trusted = config.trustedAccounts ?? [];
        const own = config.accountId ?? ownAccountEvidence(args.type, args.props, doc);
        const named = namedAccounts(doc, trusted);
        // A role belongs to one account: two named accounts include a foreign one, whichever is the role's.
        if (!own && named.length > 1)
            reportViolation(`the trust names principals of ${named.join(", ")}: at least one is another account; list a deliberate one in trustedAccounts.`);
        for (const s of doc.statements.filter((x) => x.effect === "Allow")) {
            // The gate to a role names who may pass: `*` (or NotPrincipal) is refused even when conditions narrow it.
            if (s.principalsNegated) reportViolation(`${describe(s)} uses NotPrincipal: it lets everyone it does not name assume the role.`);
            else if ((s.principals ?? []).some((p) => p.kind === "*"))
                reportViolation(`${describe(s)} has a \`*\` principal: a trust policy must name who may assume the role; conditions do not.`);
            const reach = reachOf(s, doc);
            if ((reach.anonymous || reach.anyAccount || reach.organisation) && !s.principalsNegated && !(s.principals ?? []).some((p) => p.kind === "*"))
                reportViolation(`${describe(s)} lets ${describeReach(reach)} assume the role.`);
            // Without a known own account, a named account cannot be told from the role's own: the stack rule decides.
            const foreign = own ? foreignAccounts(reach, own, trusted) : [];
            if (foreign.length > 0)
                reportViolation(`${describe(s)} lets account(s) ${foreign.join(", ")} assume the role; list a deliberate one in trustedAccounts.`);
        }
        for (const p of federationProblems(doc)) reportViolation(`${p.statement ? `${describe(p.statement)}: ` : ""}${p.message}.`);
    },
};
