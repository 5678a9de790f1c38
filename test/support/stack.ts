// Test helpers over the offline recorder: run a shipped stack or an ad-hoc config, then query what was registered.
import { strongroom } from "../../stacks/program";
import { OfflineRun, RecordedResource, runOffline } from "../../scripts/offline/recorder";
import { readStackConfig } from "../../scripts/offline/stacks";

const cache = new Map<string, Promise<OfflineRun>>();

/** Runs a shipped stack once per test process; stack tests only read the result. */
export function planStack(stack: string): Promise<OfflineRun> {
    if (!cache.has(stack)) cache.set(stack, runOffline(strongroom, stack, readStackConfig(stack)));
    return cache.get(stack)!;
}

/** The shipped stack's config changed by `edit` (a value of undefined removes the key). */
export function editedConfig(stack: string, edit: Record<string, string | undefined>): Record<string, string> {
    const config: Record<string, string> = { ...readStackConfig(stack) };
    for (const [key, value] of Object.entries(edit)) {
        if (value === undefined) delete config[key];
        else config[key] = value;
    }
    return config;
}

const configCache = new Map<string, Promise<OfflineRun>>();

/** Runs `config` as stack `name` once per test process (class checks share plans across files). */
export function planConfig(name: string, config: Record<string, string>): Promise<OfflineRun> {
    const key = JSON.stringify([name, Object.entries(config).sort()]);
    if (!configCache.has(key)) configCache.set(key, runOffline(strongroom, name, config));
    return configCache.get(key)!;
}

/** Runs the program with a shipped stack's config changed by `edit` (set a value to undefined to remove it). */
export function planWith(stack: string, edit: Record<string, string | undefined>, name = `${stack}-edited`): Promise<OfflineRun> {
    const config: Record<string, string> = { ...readStackConfig(stack) };
    for (const [key, value] of Object.entries(edit)) {
        if (value === undefined) delete config[key];
        else config[key] = value;
    }
    return runOffline(strongroom, name, config);
}

export function ofType(run: OfflineRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** The single resource of `type` whose name ends with `suffix`; fails loudly if there are none or several. */
export function one(run: OfflineRun, type: string, suffix = ""): RecordedResource {
    const found = ofType(run, type).filter((r) => r.name.endsWith(suffix));
    if (found.length !== 1) {
        throw new Error(`expected one ${type} named *${suffix}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    }
    return found[0];
}

/** Parses a policy document input (JSON string or object). */
export function doc(policy: unknown): { Statement: any[] } {
    return typeof policy === "string" ? JSON.parse(policy) : (policy as { Statement: any[] });
}
