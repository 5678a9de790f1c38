// CloudWatch Logs JSON filter patterns, evaluated as documented, for the rehearsal's subscription: the AWS emulator
// (moto) matches every event for a JSON pattern, so the rehearsal decides what the shipped pattern lets through.
// Supported: `{ … }` with `&&`, `||` (&& binds tighter), parentheses, `$.a.b[0]` selectors, `=` and `!=` against a
// quoted or bare string (a `*` at either end matches any text; elsewhere it is literal) or a number, and
// `IS NULL`, `NOT EXISTS`, `IS TRUE`, `IS FALSE`. A selector must reach a string or number to compare.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html

type Node =
    | { op: "and" | "or"; left: Node; right: Node }
    | { op: "cmp"; path: (string | number)[]; negate: boolean; value: string | number }
    | { op: "null" | "absent" | "true" | "false"; path: (string | number)[] };

/** A compiled pattern: does a log event's message match it? */
export function compileFilterPattern(pattern: string): (message: string) => boolean {
    const text = pattern.trim();
    if (!text.startsWith("{") || !text.endsWith("}")) throw new Error(`not a JSON filter pattern: ${pattern}`);
    const tokens = tokenize(text.slice(1, -1));
    let at = 0;
    const peek = () => tokens[at];
    const take = (expected?: string) => {
        const t = tokens[at++];
        if (expected !== undefined && t !== expected) throw new Error(`filter pattern: expected ${expected}, found ${t ?? "the end"}`);
        return t;
    };
    const or = (): Node => {
        let left = and();
        while (peek() === "||") {
            take();
            left = { op: "or", left, right: and() };
        }
        return left;
    };
    const and = (): Node => {
        let left = term();
        while (peek() === "&&") {
            take();
            left = { op: "and", left, right: term() };
        }
        return left;
    };
    const term = (): Node => {
        if (peek() === "(") {
            take("(");
            const inner = or();
            take(")");
            return inner;
        }
        const path = selector(take());
        const next = take();
        if (next === "=" || next === "!=") return { op: "cmp", path, negate: next === "!=", value: literal(take()) };
        const rest = `${next} ${take()}`;
        const kinds: Record<string, "null" | "absent" | "true" | "false"> = {
            "IS NULL": "null",
            "NOT EXISTS": "absent",
            "IS TRUE": "true",
            "IS FALSE": "false",
        };
        if (!kinds[rest]) throw new Error(`filter pattern: unsupported ${rest}`);
        return { op: kinds[rest], path };
    };
    const tree = or();
    if (at !== tokens.length) throw new Error(`filter pattern: unexpected ${tokens[at]}`);
    return (message) => {
        let doc: unknown;
        try {
            doc = JSON.parse(message);
        } catch {
            return false;
        }
        return evaluate(tree, doc);
    };
}

function tokenize(s: string): string[] {
    const tokens: string[] = [];
    const re = /\s*("(?:[^"\\]|\\.)*"|&&|\|\||!=|=|\(|\)|[^\s()=!&|"]+)/y;
    let end = 0;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
        tokens.push(m[1]);
        end = re.lastIndex;
    }
    if (s.slice(end).trim()) throw new Error(`filter pattern: cannot read ${s.slice(end)}`);
    return tokens;
}

function selector(token: string): (string | number)[] {
    if (!/^\$(\.[A-Za-z0-9_-]+(\[\d+\])*)+$/.test(token)) throw new Error(`filter pattern: bad selector ${token}`);
    return token
        .slice(2)
        .split(/\.|(?=\[)/)
        .map((part) => (part.startsWith("[") ? Number(part.slice(1, -1)) : part));
}

function literal(token: string): string | number {
    if (token.startsWith('"')) return token.slice(1, -1).replace(/\\(.)/g, "$1");
    return /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token) ? Number(token) : token;
}

function reach(doc: unknown, path: (string | number)[]): { found: boolean; value?: unknown } {
    let value: unknown = doc;
    for (const key of path) {
        if (value === null || typeof value !== "object" || !(key in (value as object))) return { found: false };
        if ((typeof key === "number") !== Array.isArray(value)) return { found: false };
        value = (value as Record<string | number, unknown>)[key];
    }
    return { found: true, value };
}

/** `*` at the start or end matches any text; in the middle it is a literal asterisk. */
function stringMatches(actual: string, expected: string): boolean {
    const lead = expected.length > 1 && expected.startsWith("*");
    const trail = expected.length > 1 && expected.endsWith("*");
    if (expected === "*") return true;
    const core = expected.slice(lead ? 1 : 0, trail ? -1 : undefined);
    if (lead && trail) return actual.includes(core);
    if (lead) return actual.endsWith(core);
    if (trail) return actual.startsWith(core);
    return actual === core;
}

function evaluate(node: Node, doc: unknown): boolean {
    switch (node.op) {
        case "and":
            return evaluate(node.left, doc) && evaluate(node.right, doc);
        case "or":
            return evaluate(node.left, doc) || evaluate(node.right, doc);
        case "absent":
            return !reach(doc, node.path).found;
        case "null":
            return reach(doc, node.path).value === null && reach(doc, node.path).found;
        case "true":
        case "false":
            return reach(doc, node.path).value === (node.op === "true");
        case "cmp": {
            const { found, value } = reach(doc, node.path);
            // The selector must point to a value node; an object, array or missing field never matches, even with !=.
            if (!found || (typeof value !== "string" && typeof value !== "number")) return false;
            const equal = typeof node.value === "number" ? Number(value) === node.value : stringMatches(String(value), node.value);
            return node.negate ? !equal : equal;
        }
    }
}
