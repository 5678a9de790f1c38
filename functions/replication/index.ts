// The Lambda entry point. The schedule (or anyone invoking it with an empty event) gets a full run; a CloudWatch
// Logs subscription event from the audit log group gets the paths it names synced. Failures and copies changed
// outside Vault go to SNS; the invocation fails if anything failed.
import { Counts, Drift, Failure } from "./apply-plan";
import { decodeAuditEvent, isSubscriptionEvent } from "./audit-event";
import { boundedList } from "./bounded-list";
import { forgetConnection } from "./connection";
import { errorKind, SyncError } from "./errors";
import { jsonLogger, Logger } from "./log";
import { report } from "./notify";
import { replicate } from "./replicate";
import { replicatePaths } from "./replicate-paths";
import { RetryOptions } from "./retry";
import { readSettings, Settings } from "./settings";

export interface HandlerDeps {
    readonly log?: Logger;
    readonly env?: NodeJS.ProcessEnv;
    readonly retry?: RetryOptions;
}

/** The thrown error's message stays well inside Lambda's error payload. */
export const MAX_ERROR_BYTES = 8 * 1024;

const NOTHING: Counts = { created: 0, updated: 0, unchanged: 0, deleted: 0, conflicts: 0, failed: 0, drifted: 0 };

export function createHandler(deps: HandlerDeps = {}) {
    return async (event?: unknown, context?: { invokedFunctionArn?: string }): Promise<Counts> => {
        const log = deps.log ?? jsonLogger();
        const settings = readSettings(deps.env ?? process.env);
        let counts: Counts;
        let failures: Failure[];
        let drifts: Drift[];
        try {
            const run = isSubscriptionEvent(event)
                ? await onAuditEvent(settings, event, context, log, deps)
                : await replicate(settings, { log, retry: deps.retry });
            if (!run) return { ...NOTHING };
            ({ counts, failures, drifts } = run);
        } catch (err) {
            // A refused event, or Vault or AWS not readable at all: nothing was planned, so nothing was written.
            const kind = errorKind(err);
            forgetConnection(settings, deps.retry);
            log.error("run-failed", { kind });
            await report(settings, { failures: [{ path: isSubscriptionEvent(event) ? "(audit event)" : "*", kind }] }, log);
            throw err instanceof SyncError && kind.startsWith("event-") ? err : new SyncError(kind, `replication run failed before syncing: ${kind}`);
        }
        log.info("run-finished", { ...counts });
        if (failures.length > 0 || drifts.length > 0) await report(settings, { failures, drifts }, log);
        if (failures.length > 0) {
            forgetConnection(settings, deps.retry);
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

/** Decodes the event (refusing it whole if anything is off) and syncs its paths; undefined for a control message. */
async function onAuditEvent(settings: Settings, event: unknown, context: { invokedFunctionArn?: string } | undefined, log: Logger, deps: HandlerDeps) {
    if (!settings.audit) throw new SyncError("event-path-off", "audit event refused: AUDIT_LOG_GROUP is not set, so no subscription is expected");
    const account = /^arn:[^:]+:lambda:[^:]+:(\d{12}):/.exec(context?.invokedFunctionArn ?? "")?.[1];
    const batch = decodeAuditEvent(event, { ...settings.audit, account }, { mount: settings.kvMount, path: settings.kvPath });
    if (batch.control) {
        log.info("control-message");
        return undefined;
    }
    log.info("audit-event", { lines: batch.lines, paths: batch.paths.length });
    return replicatePaths(settings, batch.paths, { log, retry: deps.retry });
}

export const handler = createHandler();
