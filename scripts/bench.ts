// Benchmark of the replication function as shipped (the esbuild bundle), against the loopback fakes with injected
// latency, the fakes in a process of their own. Not a test: it prints figures to compare with issue #5's targets.
//   npm run bench -- [--secrets 1000] [--latency 10]
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ChildProcess, execFileSync, fork } from "child_process";
import { bundleHandler } from "../infra/replication/bundle";
import { benchEventPath } from "./bench-events";
import { Command, parseCommandLine, runMain, UsageError } from "./ops/cli";

const COMMAND: Command = {
    invocation: "npm run bench --",
    summary:
        "Benchmarks the replication function as shipped (its bundle) against loopback fakes in a separate process: bundle size, module load, first sync and steady state, and the audit-event path (lag, calls per event, drift, a burst).",
    flags: {
        secrets: { type: "string", value: "<n>", description: "How many Vault secrets to replicate. Default: 1000." },
        latency: { type: "string", value: "<ms>", description: "Latency the fakes add to every call, in milliseconds. Default: 10." },
        "write-quota": {
            type: "string",
            value: "<n>",
            description:
                "Secrets Manager writes per second the fake allows before throttling, for the quota-bound first sync (the function paces to the same rate). Default: 50.",
        },
        "quota-secrets": { type: "string", value: "<n>", description: "How many secrets the quota-bound first sync writes. Default: 300." },
        "event-writes": { type: "string", value: "<n>", description: "Writes whose audit lines drive the event path's lag figures. Default: 100." },
        burst: { type: "string", value: "<n>", description: "New paths written at once for the event path's quota-bound burst. Default: 1000." },
    },
};

function count(flags: Record<string, unknown>, name: string, fallback: number, min: number): number {
    const raw = flags[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} ${String(raw)} must be a whole number of at least ${min}`);
    return value;
}

/** What a run leaves behind, removed on every way out: success, failure, Ctrl-C or a kill. */
const leftovers = { fakes: new Set<ChildProcess>(), dir: undefined as string | undefined };
function cleanUp(): void {
    for (const child of leftovers.fakes) child.kill();
    leftovers.fakes.clear();
    if (leftovers.dir) fs.rmSync(leftovers.dir, { recursive: true, force: true });
    leftovers.dir = undefined;
}

/** Starts the fakes in their own process, seeded with `secrets` secrets; returns them and the function's environment. */
async function startFakes(secrets: number, latency: number, writeQuota?: number): Promise<{ fakes: ChildProcess; env: Record<string, string> }> {
    const fakes = fork(path.join(__dirname, "bench-fakes.ts"), { execArgv: ["--import", "tsx"], stdio: "inherit" });
    leftovers.fakes.add(fakes);
    fakes.on("exit", () => leftovers.fakes.delete(fakes));
    const { env } = await ask(fakes, { type: "seed", secrets, folders: Math.ceil(secrets / 100), latency, writeQuota });
    Object.assign(process.env, env);
    return { fakes, env };
}
process.on("exit", cleanUp);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => process.exit(128 + os.constants.signals[signal]));

/** Sends a message to the fakes' process and waits for its answer (matched by id: callers may overlap). */
let asked = 0;
function ask(fakes: ChildProcess, message: object): Promise<any> {
    const id = ++asked;
    return new Promise((resolve) => {
        const listen = (reply: { id?: number }) => {
            if (reply.id !== id) return;
            fakes.off("message", listen);
            resolve(reply);
        };
        fakes.on("message", listen);
        fakes.send({ ...message, id });
    });
}

async function timedRun(handler: (e: unknown, c: unknown) => Promise<unknown>, fakes: ChildProcess) {
    await ask(fakes, { type: "reset" });
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = process.hrtime.bigint();
    const result = await handler({}, {});
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const counts = await ask(fakes, { type: "counts" });
    const calls = { ...prefixed("vault", counts.vault), ...prefixed("sm", counts.sm) };
    return { seconds, peakMb: Math.round(peak / 2 ** 20), result, calls, total: Object.values(calls).reduce((a, b) => a + b, 0) };
}

function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
    return Object.fromEntries(Object.entries(counts).map(([k, v]) => [`${prefix}.${k}`, v]));
}

/** Fresh processes each time; the minimum is the least noisy figure on a shared machine, the median the typical one. */
function moduleLoadMs(file: string): { min: number; median: number } {
    const runs = [...Array(15)].map(() =>
        Number(
            execFileSync(process.execPath, [
                "-e",
                `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`,
            ]).toString(),
        ),
    );
    runs.sort((a, b) => a - b);
    return { min: runs[0], median: runs[7] };
}

async function main(): Promise<number> {
    const flags = parseCommandLine(COMMAND, process.argv.slice(2));
    if (!flags) return 0;
    const n = count(flags, "secrets", 1000, 1);
    const latency = count(flags, "latency", 10, 0);
    const code = bundleHandler();
    leftovers.dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-bench-"));
    const file = path.join(leftovers.dir, "index.js");
    fs.writeFileSync(file, code);

    const writeQuota = count(flags, "write-quota", 50, 1);
    const quotaSecrets = count(flags, "quota-secrets", 300, 1);
    const folders = Math.ceil(n / 100);
    const { createHandler } = require(file);
    const quiet = { info() {}, error() {} };

    // Without a quota: how fast the function itself is (writes unpaced).
    const open = await startFakes(n, latency);
    const handler = createHandler({ env: { ...open.env, WRITE_RATE: "10000" }, log: quiet });
    const first = await timedRun(handler, open.fakes);
    const steady = await timedRun(handler, open.fakes);
    open.fakes.send({ type: "stop" });

    // Under the write quota, paced to it: the floor is N/rate seconds, and nothing may be throttled.
    const bound = await startFakes(quotaSecrets, latency, writeQuota);
    const paced = await timedRun(createHandler({ env: { ...bound.env, WRITE_RATE: String(writeQuota) }, log: quiet }), bound.fakes);
    bound.fakes.send({ type: "stop" });
    const floor = quotaSecrets / writeQuota;

    // The least a steady-state run can do: list every folder, read each secret's metadata, page the listing, and log
    // in unless the environment still holds a token from its last run (warm Lambda environments reuse it).
    const minimum = (steady.calls["vault.login"] ?? 0) + (1 + folders) + n + Math.ceil(n / 100);
    const overMinimum = ((steady.total - minimum) / minimum) * 100;
    const load = moduleLoadMs(file);
    const lines = [
        `replication benchmark: ${n} secrets in ${folders} folders, ${latency} ms latency per call, MAX_CONCURRENCY default`,
        `bundle: ${(code.length / 1024).toFixed(0)} KB (target < 1024 KB); module load over 15 fresh processes: min ${load.min.toFixed(0)} ms, median ${load.median.toFixed(0)} ms (target < 150 ms)`,
        `first sync:   ${first.seconds.toFixed(2)} s (target < 3 s for 1,000), peak RSS ${first.peakMb} MB, ${first.total} calls ${JSON.stringify(first.calls)}`,
        `              result ${JSON.stringify(first.result)}`,
        `steady state: ${steady.seconds.toFixed(2)} s, peak RSS ${steady.peakMb} MB, ${steady.total} calls ${JSON.stringify(steady.calls)}`,
        `              minimum ${minimum} calls; ${overMinimum.toFixed(1)}% above it (target <= 5%); secret-value reads: ${(steady.calls["vault.data"] ?? 0) + (steady.calls["sm.GetSecretValue"] ?? 0)}`,
        `quota-bound first sync: ${quotaSecrets} secrets at ${writeQuota} writes/s: ${paced.seconds.toFixed(2)} s = ${(paced.seconds / floor).toFixed(3)} x the floor of ${floor.toFixed(2)} s (target <= 1.15), throttling errors: ${paced.calls["sm.Throttled"] ?? 0} (target 0)`,
        `              result ${JSON.stringify(paced.result)}`,
    ];
    process.stdout.write(lines.join("\n") + "\n");
    const events = await benchEventPath(
        { bundle: file, dir: leftovers.dir, ask, startFakes, latency, writeQuota },
        { writes: count(flags, "event-writes", 100, 1), burst: count(flags, "burst", 1000, 10) },
    );
    process.stdout.write(events.join("\n") + "\n");
    return 0;
}

runMain(main, (err) => `bench failed: ${err instanceof Error ? (err instanceof UsageError ? err.message : err.stack) : String(err)}`);
