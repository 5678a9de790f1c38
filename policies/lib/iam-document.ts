// Reads IAM and KMS policy documents however they arrive (JSON string or object) into one normal form:
// statements as arrays, actions lower-cased, globs matched as AWS matches them.
import { AwsAction, expandAction, globMatches } from "./aws-actions";

export interface Statement {
    readonly sid?: string;
    readonly effect: "Allow" | "Deny";
    readonly actions?: string[];
    readonly notActions?: string[];
    readonly resources?: string[];
    readonly notResources?: string[];
    /** Principals by kind ("AWS", "Service", "Federated"), or ["*"] under "*" for `Principal: "*"`. */
    readonly principals?: Record<string, string[]>;
    readonly conditions?: Record<string, Record<string, string[]>>;
}

const list = (v: unknown): string[] | undefined => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map(String));

/** The statements of a document, or undefined when it is not a readable policy document. */
export function parseDocument(doc: unknown): Statement[] | undefined {
    let parsed: any = doc;
    if (typeof doc === "string") {
        try {
            parsed = JSON.parse(doc);
        } catch {
            return undefined;
        }
    }
    if (!parsed || typeof parsed !== "object" || parsed.Statement === undefined) return undefined;
    return (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]).map((s: any): Statement => ({
        sid: s.Sid,
        effect: s.Effect === "Deny" ? "Deny" : "Allow",
        actions: list(s.Action)?.map((a) => a.toLowerCase()),
        notActions: list(s.NotAction)?.map((a) => a.toLowerCase()),
        resources: list(s.Resource),
        notResources: list(s.NotResource),
        principals:
            s.Principal === undefined
                ? undefined
                : s.Principal === "*"
                  ? { "*": ["*"] }
                  : Object.fromEntries(Object.entries(s.Principal).map(([k, v]) => [k, list(v) ?? []])),
        conditions:
            s.Condition &&
            Object.fromEntries(
                Object.entries(s.Condition as Record<string, Record<string, unknown>>).map(([op, kv]) => [
                    op,
                    Object.fromEntries(Object.entries(kv).map(([k, v]) => [k, list(v) ?? []])),
                ]),
            ),
    }));
}

/** Whether the statement's actions cover `action` (an exact action name, e.g. iam:PassRole). */
export function coversAction(s: Statement, action: string): boolean {
    if (s.actions) return s.actions.some((a) => globMatches(a, action));
    if (s.notActions) return !s.notActions.some((a) => globMatches(a, action));
    return false;
}

/** True when the statement applies to every resource: `Resource: "*"` (or a bare service-wide glob like `*`). */
export function onAllResources(s: Statement): boolean {
    return (s.resources ?? []).some((r) => r === "*") || (s.notResources !== undefined && s.effect === "Allow");
}

/** The policy documents a resource carries, with where each came from. Trust policies are not included. */
export function permissionDocuments(type: string, props: Record<string, any>): { where: string; statements: Statement[] | undefined }[] {
    switch (type) {
        case "aws:iam/policy:Policy":
        case "aws:iam/rolePolicy:RolePolicy":
        case "aws:iam/userPolicy:UserPolicy":
        case "aws:iam/groupPolicy:GroupPolicy":
            return [{ where: "policy", statements: parseDocument(props.policy) }];
        case "aws:iam/role:Role":
            return (props.inlinePolicies ?? []).map((p: any, i: number) => ({ where: `inlinePolicies[${i}]`, statements: parseDocument(p.policy) }));
        default:
            return [];
    }
}

export const IAM_DOCUMENT_TYPES = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    "aws:iam/role:Role",
];

/** The real actions a statement reaches, per Action entry; a NotAction reaches everything it does not exclude. */
export function actionsReached(s: Statement): { entry: string; reached: AwsAction[] }[] {
    if (s.actions) return s.actions.map((entry) => ({ entry, reached: expandAction(entry) }));
    const excluded = s.notActions ?? [];
    return [{ entry: `NotAction ${excluded.join(", ")}`, reached: expandAction("*").filter((a) => !excluded.some((n) => globMatches(n, a.name))) }];
}

/** A short list of action names for a message: the first few, then how many more. */
export function someOf(actions: AwsAction[], shown = 6): string {
    const names = actions.map((a) => a.name);
    return names.length > shown ? `${names.slice(0, shown).join(", ")} and ${names.length - shown} more` : names.join(", ");
}
