// One audit log line, as CloudWatch delivers it, reduced to the one thing the function takes from it: the KV path a
// successful change touched. Vault HMACs the strings of a request's data and of its response (values, tokens,
// accessors) but not the request path, so the path is the only field worth reading and the only one read.
// https://developer.hashicorp.com/vault/docs/audit#sensitive-information

/** Operations that change a KV v2 secret's versions (Vault's logical operations, as audited). */
export const KV_CHANGE_OPERATIONS = ["create", "update", "patch", "delete"] as const;
/**
 * KV v2 endpoints under a mount that write, soft-delete, undelete, destroy or drop a secret.
 * https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2
 */
export const KV_CHANGE_ENDPOINTS = ["data", "delete", "undelete", "destroy", "metadata"] as const;

/** Longest path taken from a line: Vault's own limit is far above Secrets Manager's 512-character names. */
export const MAX_PATH_CHARS = 2048;

export interface AuditScope {
    /** The KV v2 mount, without slashes. */
    readonly mount: string;
    /** The replicated sub-path, without slashes at either end; "" for the whole mount. */
    readonly path: string;
}

export interface LineSource {
    readonly format: "file" | "container";
    /** For `container`: the namespace whose `vault` container may speak for Vault. */
    readonly namespace?: string;
}

/** Why a line was refused: it is not what the subscription filter lets through, or names a path outside the scope. */
export type LineRefusal = "malformed" | "foreign-path";

export type LineVerdict = { readonly path: string } | { readonly refused: LineRefusal };

/** The relative KV path a delivered audit line changed, or why the line is refused. Reads nothing else from it. */
export function pathOfAuditLine(message: string, source: LineSource, scope: AuditScope): LineVerdict {
    const entry = source.format === "container" ? unwrapContainerRecord(message, source.namespace) : parseObject(message);
    if (!entry) return { refused: "malformed" };
    const request = entry.request;
    // A response to a request that succeeded: Vault sets `error` only when the request failed.
    if (entry.type !== "response" || "error" in entry || !isObject(request)) return { refused: "malformed" };
    if (!(KV_CHANGE_OPERATIONS as readonly unknown[]).includes(request.operation) || typeof request.path !== "string") return { refused: "malformed" };
    return kvPathOf(request.path, request.namespace, scope);
}

/** Maps `<mount>/<endpoint>/<path>` to `<path>` when it lies under the replicated mount and sub-path. */
export function kvPathOf(requestPath: string, namespace: unknown, scope: AuditScope): LineVerdict {
    // Vault Enterprise namespaces prefix nothing in `path` but name themselves here; only the root one is ours.
    if (namespace !== undefined && !(isObject(namespace) && (namespace.id === "root" || namespace.id === undefined) && !namespace.path))
        return { refused: "foreign-path" };
    const [mount, endpoint, ...rest] = requestPath.split("/");
    if (mount !== scope.mount || !(KV_CHANGE_ENDPOINTS as readonly string[]).includes(endpoint)) return { refused: "foreign-path" };
    return scopedPath(rest.join("/"), scope);
}

/** A KV path relative to the mount, accepted only when it is a secret's path (no empty, . or .. segment) in scope. */
export function scopedPath(path: string, scope: AuditScope): LineVerdict {
    const segments = path.split("/");
    if (path.length === 0 || path.length > MAX_PATH_CHARS || segments.some((s) => s === "" || s === "." || s === "..")) return { refused: "malformed" };
    if (scope.path && !path.startsWith(`${scope.path}/`)) return { refused: "foreign-path" };
    return { path };
}

/**
 * Fluent Bit's record of one line of a pod's output (the add-on's `cri` parser and `kubernetes` filter): the line in
 * `log`, and where it came from in `kubernetes`, which Fluent Bit sets and the pod cannot. Only the Vault container
 * of Vault's namespace speaks for Vault; another pod printing an audit-shaped line is refused.
 */
function unwrapContainerRecord(message: string, namespace: string | undefined): Record<string, unknown> | undefined {
    const record = parseObject(message);
    const k8s = record?.kubernetes;
    if (!record || typeof record.log !== "string" || !isObject(k8s)) return undefined;
    if (k8s.namespace_name !== namespace || k8s.container_name !== "vault") return undefined;
    return parseObject(record.log);
}

function parseObject(text: string): Record<string, unknown> | undefined {
    try {
        const value: unknown = JSON.parse(text);
        return isObject(value) ? value : undefined;
    } catch {
        return undefined;
    }
}

function isObject(value: unknown): value is Record<string, any> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
