// Bounds how many calls are in flight to one backend.

export class Semaphore {
    private active = 0;
    private readonly waiting: (() => void)[] = [];

    constructor(private readonly limit: number) {}

    async run<T>(call: () => Promise<T>): Promise<T> {
        if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
        else this.active++;
        try {
            return await call();
        } finally {
            const wake = this.waiting.shift();
            if (wake) wake();
            else this.active--;
        }
    }
}
