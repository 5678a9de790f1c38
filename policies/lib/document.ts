// Every policy document a resource can carry — identity, resource, key, trust — read once into one normal form,
// however it was written: JSON string or object, Statement object or array, scalar or list values, actions in any
// case, every Principal form (`"*"`, `{AWS: "*"}`, a bare account id, an ARN), NotPrincipal, NotAction,
// NotResource. Rules never look at the raw document. IAM grammar: docs.aws.amazon.com/IAM/latest/UserGuide/
// reference_policies_grammar.html

export type Effect = "Allow" | "Deny";
export type PrincipalKind = "AWS" | "Service" | "Federated" | "CanonicalUser";

export interface Principal {
    readonly kind: PrincipalKind | "*";
    /** As written, except service and federated names, which AWS compares case-insensitively, lower-cased. */
    readonly value: string;
}

export interface Condition {
    /** The base operator, e.g. StringEquals (no ForAllValues:/ForAnyValue: prefix, no IfExists suffix). */
    readonly operator: string;
    readonly set?: "ForAllValues" | "ForAnyValue";
    readonly ifExists: boolean;
    /** Condition keys are case-insensitive: lower-cased. */
    readonly key: string;
    readonly values: string[];
}

export interface Statement {
    readonly sid?: string;
    readonly effect: Effect;
    /** Principal, or NotPrincipal when `principalsNegated`; undefined in identity policies. */
    readonly principals?: Principal[];
    readonly principalsNegated: boolean;
    /** Action or NotAction entries, lower-cased. */
    readonly actions: string[];
    readonly actionsNegated: boolean;
    /** Resource or NotResource entries; undefined when the statement names none (trust policies). */
    readonly resources?: string[];
    readonly resourcesNegated: boolean;
    readonly conditions: Condition[];
}

export interface PolicyDocument {
    readonly statements: Statement[];
}

export class UnreadableDocument extends Error {}

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).map((x) => String(x)));

/** Reads a document; throws UnreadableDocument saying what is wrong (IAM would refuse it too). */
export function readDocument(doc: unknown): PolicyDocument {
    let parsed: any = doc;
    if (typeof doc === "string") {
        try {
            parsed = JSON.parse(doc);
        } catch (err) {
            throw new UnreadableDocument(`is not JSON (${(err as Error).message})`);
        }
    }
    if (!parsed || typeof parsed !== "object" || parsed.Statement === undefined) throw new UnreadableDocument("has no Statement");
    const raw = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    return { statements: raw.map(readStatement) };
}

/** Like readDocument, but undefined instead of an error. */
export function tryReadDocument(doc: unknown): PolicyDocument | undefined {
    try {
        return readDocument(doc);
    } catch {
        return undefined;
    }
}

function readStatement(s: any, i: number): Statement {
    if (!s || typeof s !== "object") throw new UnreadableDocument(`statement ${i} is not an object`);
    if (s.Effect !== "Allow" && s.Effect !== "Deny") throw new UnreadableDocument(`statement ${s.Sid ?? i} has Effect ${JSON.stringify(s.Effect)}`);
    if ((s.Action === undefined) === (s.NotAction === undefined))
        throw new UnreadableDocument(`statement ${s.Sid ?? i} needs exactly one of Action, NotAction`);
    const principal = s.Principal ?? s.NotPrincipal;
    const resource = s.Resource ?? s.NotResource;
    return {
        sid: s.Sid === undefined ? undefined : String(s.Sid),
        effect: s.Effect,
        principals: principal === undefined ? undefined : readPrincipals(principal),
        principalsNegated: s.Principal === undefined && s.NotPrincipal !== undefined,
        actions: list(s.Action ?? s.NotAction).map((a) => a.toLowerCase()),
        actionsNegated: s.Action === undefined,
        resources: resource === undefined ? undefined : list(resource),
        resourcesNegated: s.Resource === undefined && s.NotResource !== undefined,
        conditions: readConditions(s.Condition),
    };
}

function readPrincipals(p: unknown): Principal[] {
    if (p === "*") return [{ kind: "*", value: "*" }];
    if (!p || typeof p !== "object") throw new UnreadableDocument(`Principal ${JSON.stringify(p)} is neither "*" nor an object`);
    return Object.entries(p as Record<string, unknown>).flatMap(([kind, values]) =>
        list(values).map((value): Principal => {
            // {"AWS": "*"} is everyone, anonymous callers included, exactly like "*" (IAM docs, "All principals").
            if (kind === "AWS" && value === "*") return { kind: "*", value: "*" };
            const k = kind as PrincipalKind;
            return { kind: k, value: k === "Service" || k === "Federated" ? value.toLowerCase() : value };
        }),
    );
}

function readConditions(c: unknown): Condition[] {
    if (c === undefined || c === null) return [];
    if (typeof c !== "object") throw new UnreadableDocument("Condition is not an object");
    const out: Condition[] = [];
    for (const [rawOperator, kv] of Object.entries(c as Record<string, unknown>)) {
        const m = /^(?:(ForAllValues|ForAnyValue):)?(.+?)(IfExists)?$/i.exec(rawOperator)!;
        const set = m[1] ? ((m[1].toLowerCase() === "forallvalues" ? "ForAllValues" : "ForAnyValue") as Condition["set"]) : undefined;
        if (!kv || typeof kv !== "object") throw new UnreadableDocument(`Condition ${rawOperator} is not an object`);
        for (const [key, values] of Object.entries(kv as Record<string, unknown>)) {
            out.push({ operator: m[2], set, ifExists: m[3] !== undefined, key: key.toLowerCase(), values: list(values) });
        }
    }
    return out;
}
