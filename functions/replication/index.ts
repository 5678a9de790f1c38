// The Lambda entry point: run one replication, report failures to SNS, and fail the invocation if anything failed.
import { Counts, Failure } from "./apply-plan";
import { errorKind, SyncError } from "./errors";
import { jsonLogger, Logger } from "./log";
import { reportFailures } from "./notify";
import { replicate } from "./replicate";
import { RetryOptions } from "./retry";
import { readSettings } from "./settings";

export interface HandlerDeps {
    readonly log?: Logger;
    readonly env?: NodeJS.ProcessEnv;
    readonly retry?: RetryOptions;
}

export function createHandler(deps: HandlerDeps = {}) {
    return async (_event?: unknown, _context?: unknown): Promise<Counts> => {
        const log = deps.log ?? jsonLogger();
        const settings = readSettings(deps.env ?? process.env);
        let counts: Counts;
        let failures: Failure[];
        try {
            ({ counts, failures } = await replicate(settings, { log, retry: deps.retry }));
        } catch (err) {
            // Vault or AWS could not be read at all: nothing was planned, so nothing was written.
            const kind = errorKind(err);
            log.error("run-failed", { kind });
            await reportFailures(settings, [{ path: "*", kind }], log);
            throw new SyncError(kind, `replication run failed before syncing: ${kind}`);
        }
        log.info("run-finished", { ...counts });
        if (failures.length > 0) {
            await reportFailures(settings, failures, log);
            throw new SyncError(
                "secrets-failed",
                `${failures.length} secret(s) failed to replicate: ${failures.map((f) => `${f.path} (${f.kind})`).join(", ")}`,
            );
        }
        return counts;
    };
}

export const handler = createHandler();
