// Fault injection shared by the fake servers: latency on every call, and scripted failures by operation.

export interface FaultRule {
    /** Operation name as the fake counts it (e.g. "metadata", "CreateSecret"); "*" for all. */
    readonly op: string;
    /** Fail only calls whose path or secret name contains this. */
    readonly match?: string;
    /** How many calls to fail; Infinity for all. */
    times: number;
    readonly status: number;
    /** Error body type for AWS fakes (e.g. ThrottlingException); Vault fakes send `errors`. */
    readonly type?: string;
}

export class Faults {
    latencyMs = 0;
    private rules: FaultRule[] = [];

    add(rule: Omit<FaultRule, "times"> & { times?: number }): void {
        this.rules.push({ times: Infinity, ...rule });
    }

    clear(): void {
        this.rules = [];
        this.latencyMs = 0;
    }

    /** The rule to apply to this call, consuming one of its uses. */
    take(op: string, subject: string): FaultRule | undefined {
        const rule = this.rules.find((r) => (r.op === op || r.op === "*") && r.times > 0 && (!r.match || subject.includes(r.match)));
        if (rule) rule.times--;
        return rule;
    }

    async delay(): Promise<void> {
        if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    }
}

/** Counts calls by operation. */
export class CallCounter {
    readonly counts: Record<string, number> = {};

    hit(op: string): void {
        this.counts[op] = (this.counts[op] ?? 0) + 1;
    }

    get(op: string): number {
        return this.counts[op] ?? 0;
    }

    reset(): void {
        for (const k of Object.keys(this.counts)) delete this.counts[k];
    }
}
