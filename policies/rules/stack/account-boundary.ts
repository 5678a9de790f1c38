import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ACCOUNT_CONFIG_SCHEMA } from "../../lib/policy-helpers";
import { documentsOf } from "../../lib/carriers";
import { tryReadDocument } from "../../lib/document";
import { isUnknown, unproxied, UNKNOWN_STRING } from "../../lib/known";
import { namedAccounts, ownAccountEvidence, stackAccount } from "../../lib/own-account";

// The engine's own error for a value not known during preview: thrown, it becomes the engine's advisory note.
const { UnknownValueError } = require("@pulumi/policy/proxy") as { UnknownValueError: new (sentinel: string, path: string[]) => Error };

interface Pending {
    readonly resource: PolicyResource;
    readonly where: string;
    readonly account: string;
}

/**
 * Trust, resource and key policies whose one named account a resource rule could not place: the resource shows no
 * account of its own, so that account may be the resource's or another's. (Two named accounts are refused by the
 * resource rules already: a resource belongs to one account.)
 */
function pendingJudgements(resources: readonly PolicyResource[], trusted: readonly string[]): Pending[] {
    const out: Pending[] = [];
    for (const r of resources) {
        const props = unproxied(r.props) as Record<string, any>;
        for (const carried of documentsOf(r.type, props).filter((d) => ["trust", "resource", "key"].includes(d.kind) && !isUnknown(d.document))) {
            const doc = tryReadDocument(carried.document);
            if (!doc || ownAccountEvidence(r.type, props, doc)) continue;
            const named = namedAccounts(doc, trusted);
            if (named.length === 1) out.push({ resource: r, where: carried.where, account: named[0] });
        }
    }
    return out;
}

export const accountBoundary: StackValidationPolicy = {
    name: "strongroom-account-boundary",
    description:
        "A trust, resource or key policy that names exactly one account, on a resource that does not show its own account (no ARN yet, no accountId in the rule's config), names this stack's account and no other: the account is read from this rule's accountId config, else the AWS provider's allowedAccountIds, else the ARNs of the resources the stack creates. When none of them is known (a first preview), the engine reports the rule as unable to run during preview (advisory) until `pulumi up` makes the ARNs known; set accountId to judge every preview.",
    remediationSteps:
        'Name the stack\'s own account, or list a deliberately trusted one in trustedAccounts. To judge first previews too, set {"strongroom-account-boundary": {"accountId": "<12 digits>"}} in the pack config, or aws:allowedAccountIds on the AWS provider.',
    enforcementLevel: "mandatory",
    configSchema: ACCOUNT_CONFIG_SCHEMA,
    validateStack: (args, reportViolation) => {
        const config = args.getConfig<{ accountId?: string; trustedAccounts?: string[] }>();
        const pending = pendingJudgements(args.resources, config.trustedAccounts ?? []);
        if (pending.length === 0) return args.notApplicable("No policy names an account the resource rules could not place");
        const stack = stackAccount(args.resources, config.accountId);
        if (!stack.account)
            throw new UnknownValueError(UNKNOWN_STRING, [
                `accountId: the account this stack deploys to, needed to place ${pending.map((p) => `${p.account} in ${p.resource.name} ${p.where}`).join("; ")} (${stack.evidence}); set accountId in this rule's config or aws:allowedAccountIds`,
            ]);
        for (const p of pending.filter((x) => x.account !== stack.account))
            reportViolation(
                `${p.resource.name} ${p.where} names account ${p.account}, but this stack deploys to ${stack.account} (${stack.evidence}); list a deliberate one in trustedAccounts.`,
                p.resource.urn,
            );
    },
};
