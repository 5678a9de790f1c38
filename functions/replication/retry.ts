// Retries with full-jitter exponential backoff, capped (AWS Architecture Blog, "Exponential Backoff and Jitter").
import { isRetryable } from "./errors";

export interface RetryOptions {
    /** Attempts in all, including the first. */
    readonly attempts: number;
    readonly baseMs: number;
    readonly capMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 6, baseMs: 100, capMs: 5000 };

export async function withRetry<T>(
    call: () => Promise<T>,
    options: RetryOptions = DEFAULT_RETRY,
    retryable: (err: unknown) => boolean = isRetryable,
): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (err) {
            if (attempt >= options.attempts || !retryable(err)) throw err;
            const ceiling = Math.min(options.capMs, options.baseMs * 2 ** (attempt - 1));
            await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
        }
    }
}
