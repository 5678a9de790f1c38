import { ResourceValidationPolicy } from "@pulumi/policy";
import { AwsAction, isReadOnly } from "../../lib/aws-actions";
import { actionsReached, onAllResources, someOf } from "../../lib/iam-document";
import { describe, forEachDocument } from "../../lib/policy-helpers";

/**
 * What lets a principal give itself or others more (Rhino Security Labs, "AWS IAM privilege escalation"), in AWS's
 * own terms: any action of the Permissions management level, any IAM write to a user or group (access keys, login
 * profiles, group membership), and iam:PassRole.
 */
export function escalates(a: AwsAction): boolean {
    if (a.levels.includes("Permissions management")) return true;
    if (a.service === "iam" && !isReadOnly(a) && a.resourceTypes.some((t) => t === "user" || t === "group")) return true;
    return a.name.toLowerCase() === "iam:passrole";
}

export const noPrivilegeEscalation: ResourceValidationPolicy = {
    name: "strongroom-iam-no-privilege-escalation",
    description:
        "A policy must not allow, on every resource, what lets a principal escalate: AWS's Permissions management actions, IAM writes to users and groups, or iam:PassRole.",
    remediationSteps: "Remove the action, or scope it to specific resources that cannot lead back to this principal.",
    enforcementLevel: "mandatory",
    validateResource: forEachDocument((statements, report) => {
        for (const s of statements.filter((x) => x.effect === "Allow" && onAllResources(x))) {
            const escalating = actionsReached(s).flatMap(({ reached }) => reached.filter(escalates));
            if (escalating.length > 0) report(`${describe(s)} allows privilege escalation on every resource: ${someOf(escalating, 12)}.`);
        }
    }),
};
