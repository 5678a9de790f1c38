// Failure reports: one SNS message per failed run, listing each failed path and its error kind; never a value.
import { Failure } from "./apply-plan";
import { errorKind } from "./errors";
import { Logger } from "./log";
import { awsRequestHandler } from "./secrets-store";
import { Settings } from "./settings";

const MAX_LISTED_FAILURES = 1000;

/** One SNS message listing each failed path and its error kind; never a value. */
export async function reportFailures(settings: Settings, failures: Failure[], log: Logger): Promise<void> {
    // SNS messages stop at 256 KB: list the first failures and count the rest.
    const shown = failures.slice(0, MAX_LISTED_FAILURES);
    const lines = shown.map((f) => `${f.path}: ${f.kind}`);
    if (failures.length > shown.length) lines.push(`… and ${failures.length - shown.length} more (see the function's logs)`);
    const message = `Strongroom replication from ${settings.vaultAddr} (${settings.kvMount}) to Secrets Manager prefix ${settings.secretsPrefix} failed for ${failures.length} path(s):\n${lines.join("\n")}`;
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
