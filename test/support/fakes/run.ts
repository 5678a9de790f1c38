// Runs the real handler against a World with the given extra settings, capturing every log line.
import { createHandler } from "../../../functions/replication/index";
import { World } from "./world";

export interface Run {
    result?: Record<string, any>;
    error?: Error;
    logs: string[];
}

const FAST_RETRY = { attempts: 4, baseMs: 5, capMs: 40 };

/** The invocation: an empty event (the schedule) unless an audit event and Lambda's context are given. */
export interface Invocation {
    readonly event?: unknown;
    readonly context?: { invokedFunctionArn?: string };
}

export async function runHandler(world: World, extra: Record<string, string | undefined> = {}, invocation: Invocation = {}): Promise<Run> {
    const env: Record<string, string> = { ...world.env };
    for (const [k, v] of Object.entries(extra)) {
        if (v === undefined) delete env[k];
        else env[k] = v;
    }
    // The AWS SDK reads endpoints and credentials from process.env, as it does in Lambda.
    const saved = { ...process.env };
    Object.assign(process.env, env);
    for (const k of Object.keys(extra)) if (extra[k] === undefined) delete process.env[k];
    const logs: string[] = [];
    const log = {
        info: (event: string, fields = {}) => logs.push(JSON.stringify({ level: "info", event, ...fields })),
        error: (event: string, fields = {}) => logs.push(JSON.stringify({ level: "error", event, ...fields })),
    };
    try {
        const result = await createHandler({ env, log, retry: FAST_RETRY })(invocation.event ?? {}, invocation.context ?? {});
        return { result: { ...result }, logs };
    } catch (error) {
        return { error: error as Error, logs };
    } finally {
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
    }
}
