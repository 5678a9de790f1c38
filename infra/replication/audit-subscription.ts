// The event path's trigger: a CloudWatch Logs subscription filter on the layout's audit log group that passes only
// the audit records of successful KV v2 changes under the replicated mount and path, and the Lambda permission that
// lets CloudWatch Logs invoke the function for that one log group of this account. The function checks every line
// again (functions/replication/audit-line.ts): the filter saves invocations, it is not what keeps bad input out.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KV_CHANGE_ENDPOINTS, KV_CHANGE_OPERATIONS } from "../../functions/replication/audit-line";

/** PutSubscriptionFilter's limit on filterPattern. https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutSubscriptionFilter.html */
export const MAX_FILTER_PATTERN = 1024;

/** How each layout ships its audit lines, and so where in a log event the audit record's fields are. */
export interface AuditTrail {
    /** The log group the audit lines land in. */
    readonly logGroupName: pulumi.Input<string>;
    readonly logGroupArn: pulumi.Input<string>;
    /**
     * `file` (ec2-dynamodb): the CloudWatch agent ships each line of the audit file as the event itself.
     * `container` (eks-raft): Fluent Bit ships each line of a pod's stdout as `log` in a JSON record, with the line's
     * JSON also merged as `log_processed` (the add-on's Merge_Log) and the pod's namespace and container added.
     */
    readonly format: "file" | "container";
    /** For `container`: the namespace Vault's pods run in. */
    readonly namespace?: string;
}

/**
 * The filter pattern: a JSON pattern, with the audit record's fields under `$.` (file) or `$.log_processed.`
 * (container, where the namespace and container are pinned too). `*` matches any text after the term; quoted
 * strings may hold `/` and `-`, which the mount and path characters (config.ts) are limited to besides letters,
 * digits, `_` and `.`.
 */
export function auditFilterPattern(format: AuditTrail["format"], mount: string, kvPath: string, namespace = ""): string {
    const at = format === "container" ? "$.log_processed." : "$.";
    const under = kvPath ? `${kvPath}/` : "";
    const any = (terms: string[]) => `(${terms.join(" || ")})`;
    const clauses = [
        ...(format === "container" ? [`$.kubernetes.namespace_name = "${namespace}"`, `$.kubernetes.container_name = "vault"`] : []),
        `${at}type = "response"`,
        `${at}error NOT EXISTS`,
        any(KV_CHANGE_OPERATIONS.map((op) => `${at}request.operation = "${op}"`)),
        any(KV_CHANGE_ENDPOINTS.map((endpoint) => `${at}request.path = "${mount}/${endpoint}/${under}*"`)),
    ];
    return `{ ${clauses.join(" && ")} }`;
}

export interface AuditSubscriptionArgs {
    readonly trail: AuditTrail;
    readonly functionName: pulumi.Input<string>;
    readonly functionArn: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
    readonly mount: string;
    readonly kvPath: string;
}

/** The permission (pinned to the log group and the account) and then the filter, which AWS checks can invoke. */
export function subscribeToAudit(name: string, args: AuditSubscriptionArgs, opts: pulumi.ResourceOptions): aws.cloudwatch.LogSubscriptionFilter {
    const permission = new aws.lambda.Permission(
        `${name}-audit`,
        {
            action: "lambda:InvokeFunction",
            function: args.functionName,
            principal: "logs.amazonaws.com",
            // CloudWatch Logs presents the log group's ARN with its `:*` suffix as the source.
            sourceArn: pulumi.interpolate`${args.trail.logGroupArn}:*`,
            sourceAccount: args.accountId,
        },
        opts,
    );
    return new aws.cloudwatch.LogSubscriptionFilter(
        `${name}-audit`,
        {
            logGroup: args.trail.logGroupName,
            filterPattern: auditFilterPattern(args.trail.format, args.mount, args.kvPath, args.trail.namespace),
            destinationArn: args.functionArn,
        },
        // PutSubscriptionFilter fails unless CloudWatch Logs may already invoke the function.
        { ...opts, dependsOn: [permission] },
    );
}
