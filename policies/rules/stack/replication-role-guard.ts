import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { AwsAction, isReadOnly } from "../../lib/aws-actions";
import { actionsReached, coversAction } from "../../lib/actions-reached";
import { Statement, tryReadDocument } from "../../lib/document";
import { joined } from "../../lib/joins";

/** Tags the SecretReplication component sets on its role (infra/replication/component.ts). */
const ROLE_TAG = "strongroom:role";
const PREFIX_TAG = "strongroom:secrets-prefix";
/** Secrets Manager writes to a secret, by AWS's access levels: everything on a Secret that is not a read or list. */
function secretWrites(s: Statement): AwsAction[] {
    return actionsReached(s)
        .flatMap(({ reached }) => reached)
        .filter((a) => a.service === "secretsmanager" && !isReadOnly(a) && a.resourceTypes.includes("Secret"));
}

/** The inline policies of a role: RolePolicy resources that name it (by dependency or literally), and its inlinePolicies. */
export function inlinePoliciesOf(role: PolicyResource, resources: PolicyResource[]): Statement[][] {
    const attached = joined(role, resources, "rolePolicies").filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
    const read = (doc: unknown) => tryReadDocument(doc)?.statements ?? [];
    return [...attached.map((r) => read(r.props.policy)), ...(role.props.inlinePolicies ?? []).map((p: any) => read(p.policy))];
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
            const allows = statements.filter((x) => x.effect === "Allow");
            for (const s of allows.filter((x) => secretWrites(x).length > 0)) {
                const outside = s.resourcesNegated ? ["NotResource"] : (s.resources ?? ["*"]).filter((r) => !allowed(r));
                if (outside.length > 0) reportViolation(`role ${role.name} may write Secrets Manager outside ${prefix}/*: ${outside.join(", ")}.`, role.urn);
            }
            const guards = statements.filter((s) => s.effect === "Deny" && s.resourcesNegated && (s.resources ?? []).length > 0 && s.resources!.every(allowed));
            const unguarded = [...new Set(allows.flatMap(secretWrites).map((a) => a.name))].filter((w) => !guards.some((g) => coversAction(g, w)));
            if (unguarded.length > 0) reportViolation(`role ${role.name} lacks a Deny of ${unguarded.join(", ")} with NotResource ${prefix}/*.`, role.urn);
        }
    },
};
