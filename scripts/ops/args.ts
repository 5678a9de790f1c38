// Command-line flags for the operator scripts: `--name value` and `--flag`, checked against what a script takes.

export function parseFlags(argv: string[], known: Record<string, "value" | "flag">, usage: string): Record<string, string | true> {
    const flags: Record<string, string | true> = {};
    for (let i = 0; i < argv.length; i++) {
        const [name, inline] = argv[i].replace(/^--/, "").split(/=(.*)/s, 2);
        const kind = argv[i].startsWith("--") ? known[name] : undefined;
        if (!kind) throw new UsageError(`unknown argument ${argv[i]}\n${usage}`);
        if (kind === "flag") flags[name] = true;
        else {
            const value = inline ?? argv[++i];
            if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value\n${usage}`);
            flags[name] = value;
        }
    }
    return flags;
}

export class UsageError extends Error {}

/** Runs a script's main, printing errors without a stack trace and exiting with its code. */
export function runMain(main: () => Promise<number>): void {
    main().then(
        (code) => process.exit(code),
        (err) => {
            process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(err instanceof UsageError ? 2 : 1);
        },
    );
}
