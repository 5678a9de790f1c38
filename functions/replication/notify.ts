// Failure reports: one SNS message per failed run, listing each failed path and its error kind; never a value.
import { Failure } from "./apply-plan";
import { boundedList } from "./bounded-list";
import { errorKind } from "./errors";
import { Logger } from "./log";
import { awsRequestHandler } from "./secrets-store";
import { Settings } from "./settings";

/** SNS messages stop at 256 KB (262,144 bytes), subject and attributes apart; keep a margin below it. */
export const MAX_REPORT_BYTES = 256 * 1024 - 4096;

/** One SNS message listing each failed path and its error kind; never a value. */
export async function reportFailures(settings: Settings, failures: Failure[], log: Logger): Promise<void> {
    // Capped by UTF-8 bytes, not lines: a message over SNS's limit is not sent at all.
    const head = `Strongroom replication from ${settings.vaultAddr} (${settings.kvMount}) to Secrets Manager prefix ${settings.secretsPrefix} failed for ${failures.length} path(s):\n`;
    const message = boundedList(
        head,
        failures.map((f) => `${f.path}: ${f.kind}`),
        MAX_REPORT_BYTES,
    );
    try {
        // Loaded on first use: most runs never publish, and the client costs cold-start time to evaluate.
        const { PublishCommand, SNSClient } = await import("@aws-sdk/client-sns");
        const sns = new SNSClient({ region: settings.region, requestHandler: awsRequestHandler() });
        await sns.send(new PublishCommand({ TopicArn: settings.failureTopicArn, Subject: "Strongroom replication failed", Message: message }));
    } catch (err) {
        // The invocation still fails, so the Lambda error alarm fires even when SNS is unreachable.
        log.error("failure-report-not-sent", { kind: errorKind(err) });
    }
}
