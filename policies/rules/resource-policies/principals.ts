import { ResourceValidationPolicy } from "@pulumi/policy";
import { RESOURCE_POLICY_INPUTS } from "../../lib/carriers";
import { ACCOUNT_CONFIG_SCHEMA, describe, ownAccountOf, readOrReport } from "../../lib/policy-helpers";
import { namedAccounts } from "../../lib/own-account";
import { describeReach, foreignAccounts, reachOf, unpinnedServices } from "../../lib/reach";

export const resourcePolicyPrincipals: ResourceValidationPolicy = {
    name: "strongroom-resource-policy-principals",
    description:
        "Every resource policy — set apart (BucketPolicy, TopicPolicy, QueuePolicy, SecretPolicy, RepositoryPolicy, LogResourcePolicy, …) or inline on the resource (a bucket's, topic's, queue's or secret's own `policy`) — admits only the resource's account: no anonymous caller, every account or organisation (NotPrincipal, and conditions such as aws:SecureTransport, StringLike `*`, IfExists, ForAllValues or an account wildcard in aws:PrincipalArn, count as no limit), no other account unless listed in trustedAccounts, and a service principal pinned to the account by aws:SourceAccount or aws:SourceArn.",
    remediationSteps:
        "Name the principals, or limit `*` with StringEquals aws:PrincipalAccount; for a service principal add StringEquals aws:SourceAccount (and ArnLike aws:SourceArn where the service sets it).",
    enforcementLevel: "mandatory",
    configSchema: ACCOUNT_CONFIG_SCHEMA,
    validateResource: (args, reportViolation) => {
        const input = RESOURCE_POLICY_INPUTS[args.type];
        if (!input) return args.notApplicable("Policy only applies to resource policies");
        if (args.props[input] === undefined || args.props[input] === "") return;
        const doc = readOrReport(input, args.props[input], reportViolation);
        if (!doc) return;
        const config = args.getConfig<{ accountId?: string; trustedAccounts?: string[] }>();
        const trusted = config.trustedAccounts ?? [];
        const allows = doc.statements.filter((s) => s.effect === "Allow");
        const reaches = allows.map((s) => reachOf(s, doc));
        const own = ownAccountOf(config, args.type, doc, args.props);
        const named = namedAccounts(doc, trusted);
        // A resource belongs to one account: two named accounts include a foreign one, whichever is the resource's.
        if (!own && named.length > 1) reportViolation(`the policy names principals of ${named.join(", ")}: a resource belongs to one account.`);
        allows.forEach((s, i) => {
            const reach = reaches[i];
            if (reach.anonymous || reach.anyAccount || reach.organisation) reportViolation(`${describe(s)} admits ${describeReach(reach)}.`);
            const foreign = own ? foreignAccounts(reach, own, trusted) : [];
            if (foreign.length > 0) reportViolation(`${describe(s)} admits account(s) ${foreign.join(", ")}, not the resource's account ${own}.`);
            for (const service of unpinnedServices(reach, own, trusted))
                reportViolation(
                    `${describe(s)} lets ${service.service} act for any account: pin aws:SourceAccount or aws:SourceArn to ${own ?? "the account"}.`,
                );
        });
    },
};
