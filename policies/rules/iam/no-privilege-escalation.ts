import { ResourceValidationPolicy } from "@pulumi/policy";
import { escalates } from "../../lib/escalation";
import { reachedEverywhere, someOf } from "../../lib/actions-reached";
import { describe, forEachIdentityDocument } from "../../lib/policy-helpers";

export const noPrivilegeEscalation: ResourceValidationPolicy = {
    name: "strongroom-iam-no-privilege-escalation",
    description:
        "Identity policies must not allow, on every resource of their type (`*`, `arn:aws:iam::<account>:role/*` — the holder's own role included — or any pattern matching them all), what lets a principal escalate: AWS's Permissions management actions, IAM writes to users and groups, or iam:PassRole.",
    remediationSteps: "Remove the action, or scope it to specific resources that cannot lead back to this principal.",
    enforcementLevel: "mandatory",
    validateResource: forEachIdentityDocument((doc, report) => {
        for (const s of doc.statements.filter((x) => x.effect === "Allow")) {
            const escalating = reachedEverywhere(s, escalates);
            if (escalating.length > 0) report(`${describe(s)} allows privilege escalation on every resource of their type: ${someOf(escalating, 12)}.`);
        }
    }),
};
