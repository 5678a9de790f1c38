// The Lambda entry point: run one replication, report failures to SNS, and fail the invocation if anything failed.
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { Counts, Failure } from "./apply-plan";
import { errorKind, SyncError } from "./errors";
import { jsonLogger, Logger } from "./log";
import { replicate } from "./replicate";
import { RetryOptions } from "./retry";
import { awsRequestHandler } from "./secrets-store";
import { readSettings, Settings } from "./settings";

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
            throw new SyncError("secrets-failed", `${failures.length} secret(s) failed to replicate: ${failures.map((f) => `${f.path} (${f.kind})`).join(", ")}`);
        }
        return counts;
    };
}

const MAX_LISTED_FAILURES = 1000;

/** One SNS message listing each failed path and its error kind; never a value. */
async function reportFailures(settings: Settings, failures: Failure[], log: Logger): Promise<void> {
    // SNS messages stop at 256 KB: list the first failures and count the rest.
    const shown = failures.slice(0, MAX_LISTED_FAILURES);
    const lines = shown.map((f) => `${f.path}: ${f.kind}`);
    if (failures.length > shown.length) lines.push(`… and ${failures.length - shown.length} more (see the function's logs)`);
    const message = `Strongroom replication from ${settings.vaultAddr} (${settings.kvMount}) to Secrets Manager prefix ${settings.secretsPrefix} failed for ${failures.length} path(s):\n${lines.join("\n")}`;
    try {
        const sns = new SNSClient({ region: settings.region, requestHandler: awsRequestHandler() });
        await sns.send(new PublishCommand({ TopicArn: settings.failureTopicArn, Subject: "Strongroom replication failed", Message: message }));
    } catch (err) {
        // The invocation still fails, so the Lambda error alarm fires even when SNS is unreachable.
        log.error("failure-report-not-sent", { kind: errorKind(err) });
    }
}

export const handler = createHandler();
