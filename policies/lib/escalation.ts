// Privilege escalation in AWS's own terms, shared by the inline-policy rule and the managed-policy judgement.
import { AwsAction, isReadOnly } from "./aws-actions";

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
