// Zod building blocks for Pulumi config values, which arrive as strings (JSON for lists and maps).
import { z } from "zod";
import { parseCidr } from "../infra/cidr";

/** An integer within [min, max], given as a number or a numeric string. */
export function int(min: number, max: number) {
    return z.preprocess(
        (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
        z.number("must be a whole number").int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`),
    );
}

/** true/false, given as a boolean or the strings "true"/"false". */
export const bool = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean("must be true or false"));

/** A list, given as an array or a JSON array string (`pulumi config set --path 'key[0]' …` stores JSON). */
export function list<T extends z.ZodType>(item: T) {
    return z.preprocess(
        (v) => {
            if (typeof v !== "string") return v;
            try {
                return JSON.parse(v);
            } catch {
                return v;
            }
        },
        z.array(item, 'must be a list, e.g. ["a", "b"]'),
    );
}

/** One of a few literal strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
    return z.enum(values, `must be one of ${values.join(", ")}`);
}

/** An IPv4 CIDR block with no host bits set. */
export const cidr = z.string("must be a CIDR string").refine((v) => parseCidr(v) !== undefined, {
    error: (issue) => `"${String(issue.input)}" is not an IPv4 CIDR block like 10.0.0.0/16 (no host bits set)`,
});

/** A version like 1.2.3. */
export const semver = z.string("must be a version string").regex(/^\d+\.\d+\.\d+$/, "must be a full version like 1.2.3");
