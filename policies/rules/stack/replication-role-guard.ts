import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { attachedTo } from "../../lib/attached";
import { coversAction, parseDocument, Statement } from "../../lib/iam-document";

/** Tags the SecretReplication component sets on its role (infra/replication/component.ts). */
const ROLE_TAG = "strongroom:role";
const PREFIX_TAG = "strongroom:secrets-prefix";
const WRITES = [
    "secretsmanager:CreateSecret",
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecret",
    "secretsmanager:DeleteSecret",
    "secretsmanager:RestoreSecret",
    "secretsmanager:TagResource",
    "secretsmanager:UntagResource",
];

/** The inline policies attached to a role: RolePolicy resources whose `role` comes from it, and its inlinePolicies. */
export function inlinePoliciesOf(role: PolicyResource, resources: PolicyResource[]): Statement[][] {
    const attached = attachedTo(role, resources, "aws:iam/rolePolicy:RolePolicy", "role");
    return [...attached.map((r) => parseDocument(r.props.policy) ?? []), ...(role.props.inlinePolicies ?? []).map((p: any) => parseDocument(p.policy) ?? [])];
}

export const replicationRoleGuard: StackValidationPolicy = {
    name: "strongroom-iam-replication-role-guard",
    description:
        "The replication function's role (tagged strongroom:role=replication) may write Secrets Manager only under its prefix, and must carry an explicit Deny of those writes everywhere else.",
    remediationSteps:
        "Scope the secretsmanager write Allow to arn:…:secret:<prefix>/* and add a Deny of the same actions with NotResource set to that ARN (see infra/replication/execution-policy.ts).",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const roles = args.resources.filter((r) => r.type === "aws:iam/role:Role" && r.props.tags?.[ROLE_TAG] === "replication");
        if (roles.length === 0) return args.notApplicable("No replication role in this stack");
        for (const role of roles) {
            const prefix = role.props.tags?.[PREFIX_TAG];
            if (!prefix) {
                reportViolation(`role ${role.name} has no ${PREFIX_TAG} tag naming the prefix it may write.`, role.urn);
                continue;
            }
            const allowed = (r: string) => /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:/.test(r) && r.split(":secret:")[1] === `${prefix}/*`;
            const statements = inlinePoliciesOf(role, args.resources).flat();
            for (const s of statements.filter((x) => x.effect === "Allow" && WRITES.some((w) => coversAction(x, w)))) {
                const outside = s.notResources ? ["NotResource"] : (s.resources ?? ["*"]).filter((r) => !allowed(r));
                if (outside.length > 0) reportViolation(`role ${role.name} may write Secrets Manager outside ${prefix}/*: ${outside.join(", ")}.`, role.urn);
            }
            const guarded = statements.some(
                (s) =>
                    s.effect === "Deny" &&
                    WRITES.filter((w) => w !== "secretsmanager:UpdateSecret").every((w) => coversAction(s, w)) &&
                    (s.notResources ?? []).length > 0 &&
                    (s.notResources ?? []).every(allowed),
            );
            if (!guarded) reportViolation(`role ${role.name} lacks the Deny of Secrets Manager writes with NotResource ${prefix}/*.`, role.urn);
        }
    },
};
