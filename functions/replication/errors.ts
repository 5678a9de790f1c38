// Error kinds: what a failure is, in a word, with nothing from the request or response body.

/** A short, value-free description: vault-403, vault-503, aws-ThrottlingException, network-ECONNREFUSED, … */
export function errorKind(err: unknown): string {
    const e = err as { response?: { statusCode?: number }; name?: string; code?: string; $metadata?: unknown; kind?: string };
    if (e?.kind) return e.kind;
    if (e?.response?.statusCode) return `vault-${e.response.statusCode}`;
    if (e?.$metadata && e.name) return `aws-${e.name}`;
    if (e?.code && /^E[A-Z]+$/.test(e.code)) return `network-${e.code}`;
    return "error";
}

/** An error whose message is only a kind and a path, safe to log, publish and throw. */
export class SyncError extends Error {
    constructor(
        readonly kind: string,
        message: string,
    ) {
        super(message);
        this.name = "SyncError";
    }
}

const RETRYABLE_VAULT = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_NETWORK = new Set(["ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "EPIPE", "EAI_AGAIN", "ECONNABORTED"]);

export function isRetryable(err: unknown): boolean {
    const e = err as { response?: { statusCode?: number }; code?: string };
    if (e?.response?.statusCode) return RETRYABLE_VAULT.has(e.response.statusCode);
    return e?.code !== undefined && RETRYABLE_NETWORK.has(e.code);
}
