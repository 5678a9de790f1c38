// The command line of every script: one parser (node:util parseArgs), `--help` describing each flag, usage errors
// that name the flag, and an exit that waits for stdout to drain (a pipe to `jq` must get every byte).
import { parseArgs } from "util";

export interface Flag {
    readonly type: "string" | "boolean";
    /** One line: what the flag does, and its default. */
    readonly description: string;
    /** How the value is shown in the usage line, e.g. `<name>`. */
    readonly value?: string;
}

export interface Command {
    /** e.g. `npm run plan --`. */
    readonly invocation: string;
    /** One or two sentences: what the command does. */
    readonly summary: string;
    readonly flags: Readonly<Record<string, Flag>>;
}

export class UsageError extends Error {}

/** Parsed flags, or undefined after printing the help text (the caller then exits 0). */
export function parseCommandLine(command: Command, argv: readonly string[]): Record<string, string | boolean | undefined> | undefined {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            options: {
                ...Object.fromEntries(Object.entries(command.flags).map(([name, f]) => [name, { type: f.type }])),
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        });
    } catch (err) {
        throw new UsageError(`${explainParseError(err as Error & { code?: string }, command)}\n${usage(command)}\nRun with --help for what each flag does.`);
    }
    if (parsed.values.help) {
        process.stdout.write(helpText(command));
        return undefined;
    }
    return parsed.values as Record<string, string | boolean | undefined>;
}

/** The value of a flag that must be given. */
export function required(values: Record<string, string | boolean | undefined>, name: string, command: Command): string {
    const value = values[name];
    if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required\n${usage(command)}`);
    return value;
}

export function helpText(command: Command): string {
    const rows = Object.entries(command.flags).map(([name, f]) => [`--${name}${f.type === "string" ? ` ${f.value ?? "<value>"}` : ""}`, f.description]);
    rows.push(["--help, -h", "Show this help and exit."]);
    const width = Math.max(...rows.map(([left]) => left.length));
    return `${command.summary}\n\n${usage(command)}\n\nFlags:\n${rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join("\n")}\n`;
}

function usage(command: Command): string {
    const parts = Object.entries(command.flags).map(([name, f]) => `[--${name}${f.type === "string" ? ` ${f.value ?? "<value>"}` : ""}]`);
    return `usage: ${command.invocation} ${parts.join(" ")}`;
}

function explainParseError(err: Error & { code?: string }, command: Command): string {
    const flag = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1];
    switch (err.code) {
        case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
            return `unknown flag ${flag ?? ""}; this command takes ${Object.keys(command.flags)
                .map((f) => `--${f}`)
                .join(", ")}`;
        case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
            return /argument missing/.test(err.message) ? `${flag} needs a value` : `${flag} takes no value`;
        case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
            return `unexpected argument ${/'([^']+)'/.exec(err.message)?.[1] ?? ""}; every argument is a --flag`;
        default:
            return err.message;
    }
}

/** Exits with `code` once stdout and stderr have handed every byte to the OS (process.exit alone may cut a pipe short). */
export function exitAfterFlush(code: number): void {
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

/**
 * Runs a script's main: its number is the exit code; an error is one line on stderr, never a stack trace.
 * A usage error exits 2, like most command-line tools, unless the script gives 2 another meaning.
 */
export function runMain(main: () => Promise<number>, explain: (err: unknown) => string = defaultExplain, usageExit = 2): void {
    main().then(exitAfterFlush, (err) => {
        process.stderr.write(`${explain(err)}\n`);
        exitAfterFlush(err instanceof UsageError ? usageExit : 1);
    });
}

function defaultExplain(err: unknown): string {
    if (process.env.STRONGROOM_DEBUG && err instanceof Error && err.stack) return err.stack;
    return err instanceof Error ? err.message : String(err);
}
