// Paces calls to a steady rate shared by every caller: each takes the next free slot, 1/rate seconds after the
// previous one, less a 3% margin: calls are paced when sent, but counted by the service when they arrive, and
// network jitter can bunch two arrivals into one second. Pacing below Secrets Manager's write quotas (50 per second
// by default) finishes a quota-bound sync in N/rate seconds with no throttling, where learning the quota from
// ThrottlingExceptions costs retries and backoff.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html

/** The share of the rate actually used. */
export const HEADROOM = 0.97;

export class RateLimiter {
    private next = 0;
    /** When the last `budget` calls were actually let through (ms, oldest first). */
    private readonly sent: number[] = [];
    private readonly budget: number;

    /** `perSecond` Infinity turns pacing off. */
    constructor(
        private readonly perSecond: number,
        private readonly now: () => number = () => performance.now(),
        private readonly sleep: (ms: number) => Promise<unknown> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ) {
        this.budget = Math.max(1, Math.floor(perSecond * HEADROOM));
    }

    /**
     * Resolves when the caller may make its call: at its slot, and never while the last `budget` calls all went out
     * within the past second. Slots alone are not enough: a process that is not scheduled for a while (a busy host,
     * a garbage collection) wakes several callers at once, and their calls arrive together.
     */
    async take(): Promise<void> {
        if (!Number.isFinite(this.perSecond)) return;
        const now = this.now();
        const slot = Math.max(now, this.next);
        this.next = slot + 1000 / (this.perSecond * HEADROOM);
        if (slot > now) await this.sleep(slot - now);
        for (;;) {
            const t = this.now();
            const oldest = this.sent.length >= this.budget ? this.sent[this.sent.length - this.budget] : -Infinity;
            if (t - oldest >= 1000) {
                this.sent.push(t);
                if (this.sent.length > this.budget) this.sent.shift();
                return;
            }
            await this.sleep(oldest + 1000 - t);
        }
    }
}

/**
 * Secrets Manager's write quotas are per group of APIs, 50 per second each by default: CreateSecret; PutSecretValue
 * with UpdateSecret and UpdateSecretVersionStage; TagResource with UntagResource; DeleteSecret; RestoreSecret. An
 * update is a PutSecretValue and a TagResource, one in each of two groups, so each group has its own pacer.
 */
export type WriteQuota = "create" | "put" | "tag" | "delete" | "restore";

export class QuotaPacer {
    private readonly groups = new Map<WriteQuota, RateLimiter>();

    constructor(private readonly perSecond: number) {}

    take(group: WriteQuota): Promise<void> {
        let limiter = this.groups.get(group);
        if (!limiter) this.groups.set(group, (limiter = new RateLimiter(this.perSecond)));
        return limiter.take();
    }
}
