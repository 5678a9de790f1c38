// Errors thrown inside an `apply` while the program runs offline. Pulumi's runtime turns such an error into a
// rejected promise nobody awaits: under the real CLI its language host fails the program on that unhandled rejection.
// Under the mock runtime nothing did: the resource the value fed was silently left out, whatever waited for it
// (another resource, a stack output) waited forever, and mocha swallows unhandled rejections. This watch fails the
// run as soon as the error happens, and says where it came from: the resource input (or stack output) it reached and
// the program's line that threw it.
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";

const runtimeResource = require("@pulumi/pulumi/runtime/resource") as { registerResource: (...args: any[]) => unknown };

/** A resource input an apply's error reached. */
export interface FailureOrigin {
    readonly type: string;
    readonly name: string;
    /** The input's path, e.g. `spec.ca.secretName`. */
    readonly input: string;
    /** The error's message as thrown (the runtime prefixes it once per input it fails to serialize). */
    readonly message: string;
}

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** The program's own line an error was thrown at (the first stack frame outside node_modules and Node itself). */
export function thrownAt(err: unknown): string | undefined {
    const stack = err instanceof Error ? (err.stack ?? "") : "";
    for (const frame of stack.split("\n").slice(1)) {
        const file = /\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):\d+\)?\s*$/.exec(frame.trim());
        if (!file || file[1].includes(`${path.sep}node_modules${path.sep}`)) continue;
        return `${path.relative(PROJECT_ROOT, file[1])}:${file[2]}`;
    }
    return undefined;
}

/** Every Output or promise inside an input value, with its path (plain objects and arrays only: never a Resource). */
function pendingValues(value: unknown, at: string, depth = 0): [string, PromiseLike<unknown>][] {
    if (pulumi.Output.isInstance(value)) return [[at, (value as any).promise() as Promise<unknown>]];
    if (value instanceof Promise) return [[at, value]];
    if (depth > 8 || !value || typeof value !== "object") return [];
    if (Array.isArray(value)) return value.flatMap((v, i) => pendingValues(v, `${at}[${i}]`, depth + 1));
    if (Object.getPrototypeOf(value) !== Object.prototype) return [];
    return Object.entries(value).flatMap(([k, v]) => pendingValues(v, `${at}.${k}`, depth + 1));
}

function messageOf(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

/** Errors that already failed a run: if one surfaces again later, it is that abandoned run's, not the current one's. */
const reported = new WeakSet<object>();
let active: ApplyFailureWatch | undefined;

// Every resource's constructor calls the runtime's registration through its module object: seen here first, then
// passed on unchanged. Arguments: (res, parent, type, name, custom, remote, newDependency, props, opts, ...), as
// @pulumi/pulumi's resource.js passes them.
const register = runtimeResource.registerResource;
runtimeResource.registerResource = (...args: any[]) => {
    active?.watchInputs(args[2], args[3], args[7]);
    return register(...args);
};

export class ApplyFailureWatch {
    /** Rejects with the first error thrown inside an apply (or any other promise left unhandled) during the run. */
    readonly failed: Promise<never>;
    private reject!: (err: unknown) => void;
    private first: unknown;
    private readonly origins = new WeakMap<object, FailureOrigin>();
    /** For what is thrown that is not an object (a string): keyed by its value. */
    private readonly valueOrigins = new Map<unknown, FailureOrigin>();
    /** The first failure stands (mocha re-emits a rejection it does not own; one error reaches many inputs). */
    private readonly fail = (reason: unknown) => {
        if (this.first !== undefined || (reason && typeof reason === "object" && reported.has(reason))) return;
        this.first = reason ?? new Error("a promise was rejected with no reason");
        if (typeof this.first === "object") reported.add(this.first as object);
        // The runtime reports the same error again as unhandled rejections once the microtasks have run: the run ends
        // after those have reached this watch, so none is left to surface in the next run (or crash `npm run plan`).
        setImmediate(() => setImmediate(() => this.reject(this.first)));
    };

    private constructor() {
        this.failed = new Promise<never>((_, reject) => (this.reject = reject));
        this.failed.catch(() => undefined); // read through Promise.race; never unhandled itself
    }

    /** Starts a watch: one at a time (the mock runtime's state is global too). */
    static start(): ApplyFailureWatch {
        if (active) throw new Error("an offline run is already in progress in this process; run them one after another");
        const watch = new ApplyFailureWatch();
        process.on("unhandledRejection", watch.fail);
        active = watch;
        return watch;
    }

    stop(): void {
        process.off("unhandledRejection", this.fail);
        if (active === this) active = undefined;
    }

    /** Called for each resource as it is registered: a rejected input fails the run now, naming the input. */
    watchInputs(type: string, name: string, props: unknown): void {
        for (const [input, value] of pendingValues(props, "").map(([p, v]) => [p.slice(1), v] as const)) {
            // The runtime drops a resource whose input fails (and, since 3.2xx, lets the run's RPCs finish without
            // it), so the rejection's own report as unhandled would come after the run had ended.
            Promise.resolve(value).then(undefined, (err: unknown) => {
                this.note(err, { type, name, input });
                this.fail(err);
            });
        }
    }

    /** True when `err` was thrown inside an apply (not by the program to its caller). */
    sawInApply(err: unknown): boolean {
        return (this.first !== undefined && err === this.first) || this.originOf(err) !== undefined;
    }

    /** The first resource input the error reached, if it reached one. */
    originOf(err: unknown): FailureOrigin | undefined {
        return err && typeof err === "object" ? this.origins.get(err) : this.valueOrigins.get(err);
    }

    /** The error's message as thrown, and where it came from in words: the input it reached and the line that threw it. */
    describe(err: unknown): { message: string; where: string } {
        const origin = this.originOf(err);
        const line = thrownAt(err);
        const reached = !origin
            ? "in a promise the program never awaited (an apply's, most likely)"
            : origin.type === "stack output"
              ? `inside an apply of stack output ${origin.name}`
              : `inside an apply feeding input ${origin.input} of ${origin.type} "${origin.name}"`;
        return { message: origin?.message ?? messageOf(err), where: `(thrown ${reached}${line ? `, at ${line}` : ""})` };
    }

    /** Records what an error reached first. */
    note(err: unknown, origin: { type: string; name: string; input?: string }): void {
        if (this.originOf(err)) return;
        const full = { input: "", ...origin, message: messageOf(err) };
        if (err && typeof err === "object") this.origins.set(err, full);
        else this.valueOrigins.set(err, full);
    }

    /** Resolves once rejections nobody handled by now have been reported (Node reports them after the microtasks). */
    async settle(): Promise<void> {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.first !== undefined) throw this.first;
    }
}
