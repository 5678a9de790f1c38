import { ResourceValidationPolicy } from "@pulumi/policy";
import { coversAction, onAllResources } from "../../lib/iam-document";
import { forEachDocument } from "../../lib/policy-helpers";

/** Each of these alone lets a principal grant itself more (Rhino Security Labs, "AWS IAM privilege escalation"). */
export const ESCALATION_ACTIONS = [
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AddUserToGroup",
];
/** With iam:PassRole, each of these runs code as any role. */
export const PASSROLE_PARTNERS = [
    "ec2:RunInstances",
    "lambda:CreateFunction",
    "lambda:UpdateFunctionConfiguration",
    "glue:CreateDevEndpoint",
    "cloudformation:CreateStack",
    "datapipeline:CreatePipeline",
    "ecs:RunTask",
];

export const noPrivilegeEscalation: ResourceValidationPolicy = {
    name: "strongroom-iam-no-privilege-escalation",
    description: "A policy must not allow, on unscoped resources, the actions that let a principal escalate its own privileges.",
    remediationSteps: "Remove the action, or scope it to specific resources that cannot lead back to this principal.",
    enforcementLevel: "mandatory",
    validateResource: forEachDocument((statements, report) => {
        const unscoped = statements.filter((s) => s.effect === "Allow" && onAllResources(s));
        const granted = (action: string) => unscoped.some((s) => coversAction(s, action));
        const single = ESCALATION_ACTIONS.filter(granted);
        if (single.length > 0) report(`allows privilege escalation on every resource: ${single.join(", ")}.`);
        const partners = PASSROLE_PARTNERS.filter(granted);
        if (granted("iam:PassRole") && partners.length > 0)
            report(`allows iam:PassRole with ${partners.join(", ")} on every resource: code can run as any role.`);
    }),
};
