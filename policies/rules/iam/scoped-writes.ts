import { ResourceValidationPolicy } from "@pulumi/policy";
import { globMatches, isReadOnly, onlyOnAllResources } from "../../lib/aws-actions";
import { reachedEverywhere, someOf } from "../../lib/actions-reached";
import { describe, forEachIdentityDocument } from "../../lib/policy-helpers";

export const scopedWrites: ResourceValidationPolicy = {
    name: "strongroom-iam-scoped-writes",
    description:
        "In identity policies, actions that AWS classes as Write, Permissions management or Tagging must not reach every resource of their type (`*`, or a pattern such as `arn:aws:kms:*:*:key/*` that matches all of them); only actions AWS cannot scope (no resource types in the Service Authorization Reference) may use `*`.",
    remediationSteps:
        "Set Resource to the exact ARNs written to. To accept a scopable write on every resource anyway, add it to this policy's allowedUnscoped config.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedUnscoped: { type: "array", items: { type: "string" }, default: [] } } },
    validateResource: forEachIdentityDocument((doc, report, config) => {
        const allowed: string[] = config.allowedUnscoped ?? [];
        for (const s of doc.statements.filter((x) => x.effect === "Allow")) {
            const writes = reachedEverywhere(s, (a) => !isReadOnly(a) && !onlyOnAllResources(a) && !allowed.some((ok) => globMatches(ok, a.name)));
            if (writes.length > 0) report(`${describe(s)} allows writes on every resource of their type, which AWS lets you scope: ${someOf(writes)}.`);
        }
    }),
};
