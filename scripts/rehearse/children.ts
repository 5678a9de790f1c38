// The rehearsal's processes (the emulator, Vault nodes): each is stopped when the rehearsal ends, also on failure,
// Ctrl-C or an uncaught error, so nothing is left listening.
import { ChildProcess, spawn, SpawnOptions } from "child_process";
import * as fs from "fs";

const running = new Set<ChildProcess>();
/** Bumped by every stop of everything, so supervisors of an earlier rehearsal never start a process again. */
let generation = 0;

const closers = new Set<() => void>();

function stopAll(): void {
    generation++;
    for (const child of running) child.kill("SIGKILL");
    running.clear();
    for (const close of closers) close();
    closers.clear();
}

/** Registers something besides a process (a listening relay) to close when everything stops. */
export function closeOnStop(close: () => void): void {
    closers.add(close);
}

export function currentGeneration(): number {
    return generation;
}
process.on("exit", stopAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

/** Starts a process whose output goes to `logFile`; it is killed when this process exits. */
export function startChild(command: string, args: string[], logFile: string, options: SpawnOptions = {}): ChildProcess {
    const log = fs.openSync(logFile, "a");
    const child = spawn(command, args, { ...options, stdio: ["ignore", log, log] });
    running.add(child);
    child.on("exit", () => running.delete(child));
    return child;
}

/** Stops one child and waits for it to be gone. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    await gone;
}

export function stopEverything(): void {
    stopAll();
}

/** Polls `check` every 100 ms until it returns true, or fails after `timeoutMs` naming `what`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<number> {
    const started = Date.now();
    for (;;) {
        if (await check().catch(() => false)) return Date.now() - started;
        if (Date.now() - started > timeoutMs) throw new Error(`rehearsal: timed out after ${timeoutMs / 1000} s waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}
