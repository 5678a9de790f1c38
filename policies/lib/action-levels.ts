// Whether an IAM action only reads. AWS's access levels come from its Service Authorization Reference; an action
// whose name starts with one of these verbs is Read or List there. Anything else (and any wildcard reaching past
// them) is treated as a write or permissions change.
const READ_VERBS = [
    "get",
    "list",
    "describe",
    "batchget",
    "query",
    "scan",
    "head",
    "lookup",
    "search",
    "select",
    "view",
    "check",
    "validate",
    "estimate",
    "preview",
    "test",
];

export function isReadOnlyAction(action: string): boolean {
    const [, name = ""] = action.toLowerCase().split(":");
    if (name.startsWith("*")) return false;
    return READ_VERBS.some((verb) => name.startsWith(verb));
}
