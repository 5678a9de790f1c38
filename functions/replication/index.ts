// The Lambda entry point. The schedule (or anyone invoking it with an empty event) gets a full run. A CloudWatch
// Logs subscription event from the audit log group is checked and its paths queued (or, with no queue configured,
// synced at once). A batch from the event queue gets its paths synced. Failures and copies changed outside Vault go
// to SNS; a run that failed throws, so the error alarm fires.
import { Counts } from "./apply-plan";
import { decodeAuditEvent, isSubscriptionEvent } from "./audit-event";
import { boundedList } from "./bounded-list";
import { forgetConnection } from "./connection";
import { errorKind, SyncError } from "./errors";
import { enqueuePaths, isQueueEvent, pathsOfQueueEvent } from "./event-queue";
import { jsonLogger, Logger } from "./log";
import { report } from "./notify";
import { replicate, RunResult } from "./replicate";
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

type Context = { invokedFunctionArn?: string } | undefined;
/** What a queue batch returns: the messages to try again (all of them when nothing could be synced). */
type QueueReply = Counts & { batchItemFailures: { itemIdentifier: string }[] };

export function createHandler(deps: HandlerDeps = {}) {
    return async (event?: unknown, context?: Context): Promise<Counts | QueueReply> => {
        const log = deps.log ?? jsonLogger();
        const settings = readSettings(deps.env ?? process.env);
        if (isQueueEvent(event)) return onQueuedPaths(settings, event, log, deps);
        const source = isSubscriptionEvent(event) ? "(audit event)" : "*";
        let run: RunResult | undefined;
        try {
            run = isSubscriptionEvent(event) ? await onAuditEvent(settings, event, context, log, deps) : await replicate(settings, { log, retry: deps.retry });
        } catch (err) {
            throw await failedRun(settings, source, err, log, deps);
        }
        if (!run) return { ...NOTHING };
        return finish(settings, run, log, deps);
    };
}

/** A run that failed before syncing anything (or a refused event): reported, and thrown. */
async function failedRun(settings: Settings, source: string, err: unknown, log: Logger, deps: HandlerDeps): Promise<SyncError> {
    const kind = errorKind(err);
    forgetConnection(settings, deps.retry);
    log.error("run-failed", { kind });
    await report(settings, { failures: [{ path: source, kind }] }, log);
    return err instanceof SyncError && kind.startsWith("event-") ? err : new SyncError(kind, `replication run failed before syncing: ${kind}`);
}

/** Reports what a run found; throws when a path failed, so the invocation counts as an error. */
async function finish(settings: Settings, run: RunResult, log: Logger, deps: HandlerDeps): Promise<Counts> {
    const { counts, failures, drifts } = run;
    log.info("run-finished", { ...counts });
    if (failures.length > 0 || drifts.length > 0) await report(settings, { failures, drifts }, log);
    if (failures.length === 0) return counts;
    forgetConnection(settings, deps.retry);
    // The error message is bounded too: Lambda keeps and shows it, and the SNS report has the list.
    throw new SyncError(
        "secrets-failed",
        boundedList(
            `${failures.length} secret(s) failed to replicate: `,
            failures.map((f) => `${f.path} (${f.kind})`),
            MAX_ERROR_BYTES,
            ", ",
        ),
    );
}

/** Decodes the event (refusing it whole if anything is off), then queues its paths or syncs them; undefined when done. */
async function onAuditEvent(settings: Settings, event: unknown, context: Context, log: Logger, deps: HandlerDeps): Promise<RunResult | undefined> {
    if (!settings.audit) throw new SyncError("event-path-off", "audit event refused: AUDIT_LOG_GROUP is not set, so no subscription is expected");
    const account = /^arn:[^:]+:lambda:[^:]+:(\d{12}):/.exec(context?.invokedFunctionArn ?? "")?.[1];
    const batch = decodeAuditEvent(event, { ...settings.audit, account }, { mount: settings.kvMount, path: settings.kvPath });
    if (batch.control) {
        log.info("control-message");
        return undefined;
    }
    if (settings.eventQueueUrl) {
        const messages = await enqueuePaths(settings.region, settings.eventQueueUrl, batch.paths, batch.id);
        log.info("audit-event-queued", { lines: batch.lines, paths: batch.paths.length, messages });
        return undefined;
    }
    log.info("audit-event", { lines: batch.lines, paths: batch.paths.length });
    return replicatePaths(settings, batch.paths, { log, retry: deps.retry });
}

/**
 * A batch from the event queue. Messages that are not what this function queues are reported and dropped; when
 * nothing could be synced (Vault or AWS unreachable) every message is handed back to be tried again, then to the
 * dead-letter queue. Paths that failed are reported like a full run's, and the batch is done: retrying it would hold
 * up every later event, and the schedule reconciles them.
 */
async function onQueuedPaths(settings: Settings, event: Parameters<typeof pathsOfQueueEvent>[0], log: Logger, deps: HandlerDeps): Promise<QueueReply> {
    const batch = pathsOfQueueEvent(event, { mount: settings.kvMount, path: settings.kvPath });
    const refused = batch.refused.map((r) => ({ path: "(queued event)", kind: r.kind }));
    let run: RunResult;
    try {
        run = await replicatePaths(settings, batch.paths, { log, retry: deps.retry });
    } catch (err) {
        await failedRun(settings, "(queued event)", err, log, deps);
        return { ...NOTHING, batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    }
    try {
        const counts = await finish(settings, { ...run, failures: [...refused, ...run.failures] }, log, deps);
        return { ...counts, batchItemFailures: [] };
    } catch {
        return { ...run.counts, batchItemFailures: [] };
    }
}

export const handler = createHandler();
