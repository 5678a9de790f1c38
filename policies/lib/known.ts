// Reading a resource's inputs without tripping the engine's unknown-value proxy. During a preview an input that
// comes from a resource not yet created is unknown; reading it through `args.props` throws, and the engine then turns
// the whole rule into an advisory "can't run during preview". Joins between resources must survive that: a value
// that is unknown simply names nothing yet (the dependency still does).

// The engine's helpers, exported by @pulumi/policy but left out of its type declarations.
const { getSpecialProxyTarget } = require("@pulumi/policy/proxy") as { getSpecialProxyTarget: string };

/** The engine's sentinels for values not known during preview (@pulumi/policy/proxy). */
const UNKNOWN = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const isUnknown = (v: unknown): boolean => typeof v === "string" && UNKNOWN.has(v);

/** The plain object behind the engine's proxy (the object itself when it is not proxied). */
export function unproxied<T>(o: T): T {
    if (!o || typeof o !== "object") return o;
    const target = (o as Record<string, unknown>)[getSpecialProxyTarget];
    return (target ?? o) as T;
}

/** An input's value, or undefined when it is unset or not known yet; never throws. */
export function known(props: unknown, key: string): unknown {
    const v = (unproxied(props) as Record<string, unknown> | undefined)?.[key];
    return isUnknown(v) ? undefined : v;
}

/** An input's string value (undefined when unset, unknown or not a string). */
export function knownString(props: unknown, key: string): string | undefined {
    const v = known(props, key);
    return typeof v === "string" && v !== "" ? v : undefined;
}

/** Whether an input is given at all: set to a value, or to one the engine does not know yet. */
export function isGiven(props: unknown, key: string): boolean {
    const v = (unproxied(props) as Record<string, unknown> | undefined)?.[key];
    return v !== undefined && v !== null && v !== "";
}
