// The Lambda entry point: run one replication, report failures to SNS, and fail the invocation if anything failed.
import { Counts, Failure } from "./apply-plan";
import { boundedList } from "./bounded-list";
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

/** The thrown error's message stays well inside Lambda's error payload. */
export const MAX_ERROR_BYTES = 8 * 1024;

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
            // The error message is bounded too: Lambda keeps and shows it, and the SNS report has the list.
            const head = `${failures.length} secret(s) failed to replicate: `;
            throw new SyncError(
                "secrets-failed",
                boundedList(
                    head,
                    failures.map((f) => `${f.path} (${f.kind})`),
                    MAX_ERROR_BYTES,
                    ", ",
                ),
            );
        }
        return counts;
    };
}

export const handler = createHandler();
