// A steady stream of secret writes during a drill, each recorded with the moment Vault acknowledged it, so a
// restore can be judged exactly: every write acknowledged before the backup must be served afterwards, and the
// writes after it that are gone measure the recovery point (RPO) in seconds of writes.

export interface AckedWrite {
    readonly n: number;
    /** Epoch ms when Vault answered 200/204. */
    readonly at: number;
}

export class WriteLoad {
    readonly acked: AckedWrite[] = [];
    private running = false;
    private loop?: Promise<void>;

    /** `write(n)` writes secret number n and returns Vault's HTTP status; failures are retried by the next n. */
    start(write: (n: number) => Promise<number>, everyMs = 50): void {
        this.running = true;
        this.loop = (async () => {
            for (let n = 1; this.running; n++) {
                const status = await write(n).catch(() => 0);
                if (status === 200 || status === 204) this.acked.push({ n, at: Date.now() });
                await new Promise((resolve) => setTimeout(resolve, everyMs));
            }
        })();
    }

    async stop(): Promise<void> {
        this.running = false;
        await this.loop;
    }
}

export interface RestoreVerdict {
    /** Writes acknowledged before the backup began, all of which must be served. */
    readonly beforeBackup: number;
    /** Of those, how many the restored Vault does not serve (must be 0). */
    readonly missing: number[];
    /** Writes acknowledged after the backup that the restored Vault does not serve: the data lost. */
    readonly lost: number;
    /** Seconds of acknowledged writes lost: from the backup to the last write before the region was lost. */
    readonly rpoSeconds: number;
}

/** Reads back every acknowledged write from the restored Vault; `read(n)` is true when secret n has its value. */
export async function judgeRestore(acked: readonly AckedWrite[], backupStartedAt: number, read: (n: number) => Promise<boolean>): Promise<RestoreVerdict> {
    const before = acked.filter((w) => w.at < backupStartedAt);
    const after = acked.filter((w) => w.at >= backupStartedAt);
    const missing: number[] = [];
    for (const w of before) if (!(await read(w.n))) missing.push(w.n);
    let lost = 0;
    for (const w of after) if (!(await read(w.n))) lost++;
    const last = acked.length > 0 ? acked[acked.length - 1].at : backupStartedAt;
    return { beforeBackup: before.length, missing, lost, rpoSeconds: Math.max(0, (last - backupStartedAt) / 1000) };
}
