// The write pacer and the byte-bounded list, on their own.
import * as assert from "assert";
import { boundedList } from "../../../functions/replication/bounded-list";
import { HEADROOM, RateLimiter } from "../../../functions/replication/rate-limiter";

describe("RateLimiter", () => {
    it("gives concurrent callers consecutive slots 1/rate apart (less the headroom), whatever order they ask in", async () => {
        const started = performance.now();
        const limiter = new RateLimiter(100);
        const times: number[] = [];
        await Promise.all([...Array(11)].map(() => limiter.take().then(() => times.push(performance.now() - started))));
        const span = Math.max(...times) - Math.min(...times);
        const expected = (10 * 1000) / (100 * HEADROOM);
        assert.ok(span >= expected - 2, `11 calls at 100/s spanned ${span.toFixed(1)} ms, under ${expected.toFixed(1)} ms`);
    });

    it("never lets more than the rate (less the headroom) through in any second, even when its process wakes late", async () => {
        // A clock the test moves: the process "sleeps" through 300 ms at a time, so every waiting caller wakes at once.
        let clock = 0;
        const limiter = new RateLimiter(
            50,
            () => clock,
            async (ms) => {
                clock += Math.max(ms, 300);
            },
        );
        const times: number[] = [];
        for (let i = 0; i < 200; i++) {
            await limiter.take();
            times.push(clock);
        }
        const most = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
        assert.ok(most <= Math.floor(50 * HEADROOM), `${most} calls in one second`);
    });

    it("never holds a caller when the rate is Infinity", async () => {
        const limiter = new RateLimiter(Infinity);
        const started = performance.now();
        await Promise.all([...Array(1000)].map(() => limiter.take()));
        assert.ok(performance.now() - started < 100);
    });
});

describe("boundedList", () => {
    it("keeps whole lines within the byte budget and counts the rest", () => {
        const lines = [...Array(100)].map((_, i) => `path-${i}: é`.padEnd(20, "x"));
        const text = boundedList("head\n", lines, 300);
        assert.ok(Buffer.byteLength(text) <= 300, `${Buffer.byteLength(text)} bytes`);
        const listed = text.split("\n").filter((l) => l.startsWith("path-")).length;
        assert.strictEqual(listed + Number(/… and (\d+) more/.exec(text)![1]), 100);
    });

    it("lists everything when it fits", () => {
        assert.strictEqual(boundedList("h: ", ["a", "b"], 100, ", "), "h: a, b");
    });
});
