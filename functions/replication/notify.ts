// Reports: one SNS message per run that failed or found copies changed outside Vault, listing each path and its
// error kind or what was done about it; never a value.
import { Drift, Failure } from "./apply-plan";
import { boundedList } from "./bounded-list";
import { errorKind } from "./errors";
import { Logger } from "./log";
import { awsRequestHandler } from "./secrets-store";
import { Settings } from "./settings";

/** SNS messages stop at 256 KB (262,144 bytes), subject and attributes apart; keep a margin below it. */
export const MAX_REPORT_BYTES = 256 * 1024 - 4096;

export interface Findings {
    readonly failures: readonly Failure[];
    readonly drifts?: readonly Drift[];
}

/** One SNS message listing each failed path with its error kind, then each copy changed outside Vault. */
export async function report(settings: Settings, findings: Findings, log: Logger): Promise<void> {
    const { failures, drifts = [] } = findings;
    const source = `Strongroom replication from ${settings.vaultAddr} (${settings.kvMount}) to Secrets Manager prefix ${settings.secretsPrefix}`;
    const lines: string[] = [];
    if (failures.length > 0) lines.push(`${source} failed for ${failures.length} path(s):`, ...failures.map((f) => `${f.path}: ${f.kind}`));
    if (drifts.length > 0) {
        if (lines.length > 0) lines.push("");
        lines.push(
            `${drifts.length} cop${drifts.length === 1 ? "y was" : "ies were"} changed outside Vault (their current version is not the one replicated from Vault):`,
            ...drifts.map((d) => `${d.name}: ${d.rewritten ? "made Vault's version current again" : "left as it is"}`),
        );
        if (failures.length === 0) lines[0] = `${source}: ${lines[0]}`;
    }
    // Capped by UTF-8 bytes, not lines: a message over SNS's limit is not sent at all.
    const message = boundedList(`${lines[0]}\n`, lines.slice(1), MAX_REPORT_BYTES);
    const subject = failures.length > 0 ? "Strongroom replication failed" : "Strongroom replication: copies changed outside Vault";
    try {
        // Loaded on first use: most runs never publish, and the client costs cold-start time to evaluate.
        const { PublishCommand, SNSClient } = await import("@aws-sdk/client-sns");
        const sns = new SNSClient({ region: settings.region, requestHandler: awsRequestHandler() });
        await sns.send(new PublishCommand({ TopicArn: settings.failureTopicArn, Subject: subject, Message: message }));
    } catch (err) {
        // The invocation still fails, so the Lambda error alarm fires even when SNS is unreachable.
        log.error("report-not-sent", { kind: errorKind(err) });
    }
}
