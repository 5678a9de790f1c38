// How config problems are reported: every problem at once, each naming the full key, what was given, and the
// exact `pulumi config` command that fixes it.
import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";

export interface ConfigIssue {
    /** The full config key, e.g. `strongroom:nodeCount` or `strongroom:allowedCidrs[1]`. */
    readonly key: string;
    readonly message: string;
}

export class ConfigError extends Error {
    constructor(
        readonly stack: string,
        readonly issues: readonly ConfigIssue[],
    ) {
        super(`Stack "${stack}" has ${issues.length} config problem(s); nothing was created:\n` + issues.map((i) => `  - ${i.key}: ${i.message}`).join("\n"));
        this.name = "ConfigError";
    }
}

type Path = readonly PropertyKey[];

/**
 * Turns zod issues into ConfigIssues keyed by the full Pulumi config key. `given` holds the raw values (strings,
 * JSON for lists and maps) by key without the namespace: zod 4 leaves an issue's input out, so what was given,
 * and whether anything was, is decided here from the raw config.
 */
export function describeIssues(error: z.ZodError, given: Readonly<Record<string, string>>): ConfigIssue[] {
    return error.issues.map((issue) => {
        const key = configKey(issue.path);
        const raw = valueAt(given, issue.path);
        if (issue.path[0] === "layout") return { key, message: layoutMessage(given.layout) };
        const more = issue.path.length === 1 && expectedOf(issue) === "array" ? " (then [1], [2] … for more items)" : "";
        if (raw === undefined) return { key, message: `is not set, and it is required; set it with \`${setCommand(issue.path, expectedOf(issue))}\`${more}` };
        if (issue.code === "invalid_type") {
            const expected = expectedOf(issue);
            // A top-level list or map stored as a plain string must go before --path can set its items.
            const remove = issue.path.length === 1 && (expected === "array" || expected === "record") ? `pulumi config rm ${key} && ` : "";
            return {
                key,
                message: `is ${show(raw)}, but it must be ${EXPECTED[expected] ?? expected}; set it with \`${remove}${setCommand(issue.path, expected, raw)}\`${more}`,
            };
        }
        return { key, message: `is ${show(raw)}: ${issue.message}` };
    });
}

/** Why a layout is wrong, echoing what was given. */
export function layoutMessage(given: string | undefined): string {
    const fix = "run `pulumi config set strongroom:layout ec2-dynamodb` (or eks-raft)";
    return given === undefined ? `is not set; ${fix}` : `is ${show(given)}, but it must be ec2-dynamodb or eks-raft; ${fix}`;
}

/** "strongroom:x is not a setting" with the nearest real key when one is close (a typo or wrong case). */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
    const near = nearestKey(key, known);
    const hint = near
        ? `did you mean strongroom:${near}? Move the value with \`pulumi config rm strongroom:${key}\` and \`pulumi config set strongroom:${near} …\``
        : `remove it with \`pulumi config rm strongroom:${key}\` (see the config table in README.md)`;
    return `is not a Strongroom setting; ${hint}`;
}

/** The known key a typo most likely meant: same letters in another case, or at most two edits away. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
    const sameLetters = known.find((k) => k.toLowerCase() === key.toLowerCase());
    if (sameLetters) return sameLetters;
    const near = closest(key, [...known]);
    return distance(key, near) <= Math.min(2, Math.floor(key.length / 3)) ? near : undefined;
}

const EXPECTED: Record<string, string> = {
    array: "a list",
    record: "a map of names to strings",
    object: "a map of names to strings",
    number: "a whole number",
    string: "a string",
    boolean: "true or false",
};

function expectedOf(issue: z.core.$ZodIssue): string {
    return issue.code === "invalid_type" ? String(issue.expected) : "value";
}

/** The `pulumi config set` command for a key: lists and maps need --path, map values need --type string. */
function setCommand(path: Path, expected: string, raw?: unknown): string {
    const [head, ...rest] = path;
    const example = raw === undefined ? "…" : typeof raw === "string" ? shellWord(raw) : String(raw);
    if (expected === "array" && rest.length === 0) return `pulumi config set --path 'strongroom:${String(head)}[0]' ${example}`;
    if ((expected === "record" || expected === "object") && rest.length === 0) return `pulumi config set --path 'strongroom:${String(head)}.<name>' <value>`;
    if (rest.length > 0) {
        const typed = expected === "string" ? " --type string" : "";
        return `pulumi config set --path${typed} '${configKey(path)}' ${example}`;
    }
    return `pulumi config set ${configKey(path)} ${raw === undefined ? "…" : (EXAMPLE_OF[expected] ?? "…")}`;
}

const EXAMPLE_OF: Record<string, string> = { number: "<whole number>", boolean: "true", string: "<text>" };

function configKey(path: Path): string {
    const [head, ...rest] = path;
    return `strongroom:${String(head)}${rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
}

/** The raw value at a path: the key's string, then into its JSON for list items and map entries. */
function valueAt(given: Readonly<Record<string, string>>, path: Path): unknown {
    let value: unknown = given[String(path[0])];
    for (const step of path.slice(1)) {
        if (typeof value === "string") value = parseJson(value);
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<PropertyKey, unknown>)[step];
    }
    return value;
}

function show(value: unknown): string {
    if (typeof value !== "string") return `${JSON.stringify(value)} (a ${Array.isArray(value) ? "list" : typeof value})`;
    const parsed = parseJson(value);
    if (Array.isArray(parsed)) return `the list ${value}`;
    if (parsed !== null && typeof parsed === "object") return `the map ${value}`;
    return `"${value}"`;
}

function shellWord(value: string): string {
    return /^[A-Za-z0-9_./:@=+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function parseJson(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}
