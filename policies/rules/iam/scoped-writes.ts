import { ResourceValidationPolicy } from "@pulumi/policy";
import { isReadOnlyAction } from "../../lib/action-levels";
import { globMatches, onAllResources } from "../../lib/iam-document";
import { describe, forEachDocument } from "../../lib/policy-helpers";

/** Write actions AWS offers no resource-level scoping for (Service Authorization Reference). */
export const UNSCOPABLE_WRITES = [
    "cloudwatch:PutMetricData",
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "secretsmanager:GetRandomPassword",
];

export const scopedWrites: ResourceValidationPolicy = {
    name: "strongroom-iam-scoped-writes",
    description: "Write and permissions-management actions must name their resources; only actions AWS cannot scope may use `*`.",
    remediationSteps: "Set Resource to the exact ARNs written to. If AWS truly cannot scope the action, add it to this policy's allowedUnscoped config.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedUnscoped: { type: "array", items: { type: "string" }, default: UNSCOPABLE_WRITES } } },
    validateResource: forEachDocument((statements, report, config) => {
        const allowed: string[] = config.allowedUnscoped ?? UNSCOPABLE_WRITES;
        for (const s of statements.filter((x) => x.effect === "Allow" && onAllResources(x))) {
            const writes = (s.actions ?? ["*"]).filter((a) => !isReadOnlyAction(a) && !allowed.some((ok) => globMatches(a, ok) && !a.includes("*")));
            if (writes.length > 0) report(`${describe(s)} allows ${writes.join(", ")} on every resource.`);
        }
    }),
};
