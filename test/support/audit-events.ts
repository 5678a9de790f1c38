// Audit lines as Vault writes them (a response entry of the file/stdout audit device: strings HMAC'd, the request path
// plain), wrapped the way each layout ships them, and delivered the way a CloudWatch Logs subscription does.
// test/rehearsal/event-path.test.ts checks these shapes against lines the real Vault writes.
import { randomUUID } from "crypto";
import { gzipSync } from "zlib";

export const AUDIT_LOG_GROUP = "strongroom-dev-vault-audit";
export const ACCOUNT = "123456789012";
export const VAULT_NAMESPACE = "vault";

export interface LineOptions {
    readonly operation?: string;
    readonly type?: "request" | "response";
    readonly error?: string;
    /** Raw strings to put in the request data, as if HMAC were off: the function must never repeat them. */
    readonly data?: Record<string, string>;
    readonly namespace?: Record<string, string>;
}

const hmac = () => `hmac-sha256:${randomUUID().replace(/-/g, "")}${randomUUID().replace(/-/g, "")}`;

/** One audit entry for `requestPath` (e.g. "hybrid-aws-secrets/data/db/primary"), as one JSON line. */
export function auditLine(requestPath: string, o: LineOptions = {}): string {
    const mount = requestPath.split("/")[0];
    const entry: Record<string, unknown> = {
        auth: { accessor: hmac(), client_token: hmac(), display_name: "root", policies: ["root"], token_type: "service" },
        request: {
            client_token: hmac(),
            data: { data: o.data ?? { password: hmac() } },
            id: randomUUID(),
            mount_class: "secret",
            mount_point: `${mount}/`,
            mount_type: "kv",
            namespace: o.namespace ?? { id: "root" },
            operation: o.operation ?? "update",
            path: requestPath,
            remote_address: "10.20.1.17",
        },
        ...(o.type === "request" ? {} : { response: { data: { created_time: hmac(), destroyed: false, version: 2 }, mount_type: "kv" } }),
        ...(o.error !== undefined ? { error: o.error } : {}),
        time: new Date().toISOString(),
        type: o.type ?? "response",
    };
    return JSON.stringify(entry);
}

/** The record Fluent Bit ships for one line of a pod's stdout (shared with the rehearsal's shipper). */
export { containerRecord } from "../../scripts/rehearse/audit-shipper";

export interface DeliveryOptions {
    readonly logGroup?: string;
    readonly owner?: string;
    readonly messageType?: string;
}

/** The delivery JSON a subscription sends (before gzip and base64). */
export function delivery(messages: readonly string[], o: DeliveryOptions = {}): Record<string, unknown> {
    const now = Date.now();
    return {
        messageType: o.messageType ?? "DATA_MESSAGE",
        owner: o.owner ?? ACCOUNT,
        logGroup: o.logGroup ?? AUDIT_LOG_GROUP,
        logStream: "i-0123456789abcdef0",
        subscriptionFilters: ["strongroom-dev-replication-audit"],
        logEvents: messages.map((message, i) => ({ id: `${now}${String(i).padStart(6, "0")}`, timestamp: now, message })),
    };
}

/** The documented Lambda event: {"awslogs": {"data": base64(gzip(delivery))}}. */
export function subscriptionEvent(payload: unknown): { awslogs: { data: string } } {
    const json = typeof payload === "string" ? payload : JSON.stringify(payload);
    return { awslogs: { data: gzipSync(Buffer.from(json)).toString("base64") } };
}

/** The context Lambda passes, naming the function (and so its account). */
export const LAMBDA_CONTEXT = { invokedFunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:strongroom-dev-replication-fn` };
