// The config validator's verdict on a shipped stack changed by an edit: accepted (the parsed config) or refused (the
// issues). For generated cases: boundaries, equivalent spellings and mutations of Pulumi.dev/prod/staging.yaml.
import * as assert from "assert";
import { ConfigError, parseStackConfig, StackConfig } from "../../stacks/config";
import type { ConfigIssue } from "../../stacks/config-error";
import { editedConfig } from "./stack";

/** A config edit; lists and maps may be given as values, they are stored as Pulumi stores them (JSON). */
export type Edit = Record<string, string | number | boolean | unknown[] | Record<string, unknown> | undefined>;

function asConfig(edit: Edit): Record<string, string | undefined> {
    return Object.fromEntries(Object.entries(edit).map(([k, v]) => [k, v === undefined || typeof v === "string" ? v : JSON.stringify(v)]));
}

export function verdict(stack: string, edit: Edit): { config: StackConfig } | { issues: readonly ConfigIssue[] } {
    try {
        return { config: parseStackConfig(editedConfig(stack, asConfig(edit)), stack) };
    } catch (err) {
        if (err instanceof ConfigError) return { issues: err.issues };
        throw err;
    }
}

/** Asserts the edit is accepted; returns the parsed config. */
export function accepted(stack: string, edit: Edit, what = JSON.stringify(edit)): StackConfig {
    const v = verdict(stack, edit);
    assert.ok("config" in v, `${stack} + ${what} should be accepted, but: ${"issues" in v ? v.issues.map((i) => `${i.key}: ${i.message}`).join(" | ") : ""}`);
    return v.config;
}

/** Asserts the edit is refused with an issue whose key starts with `key`; returns that issue. */
export function refused(stack: string, edit: Edit, key: string, what = JSON.stringify(edit)): ConfigIssue {
    const v = verdict(stack, edit);
    assert.ok("issues" in v, `${stack} + ${what} should be refused (${key}), but it was accepted`);
    const issue = v.issues.find((i) => i.key === key || i.key.startsWith(`${key}[`) || i.key.startsWith(`${key}.`));
    assert.ok(issue, `${stack} + ${what} should be refused naming ${key}, but: ${v.issues.map((i) => `${i.key}: ${i.message}`).join(" | ")}`);
    return issue;
}
