// Structured JSON log lines. Fields are counts, paths, action and error kinds: callers never pass a value, a
// token or a key, and error messages are reduced to their kind before they get here.

export type LogFields = Record<string, string | number | boolean | string[] | undefined>;

export interface Logger {
    info(event: string, fields?: LogFields): void;
    error(event: string, fields?: LogFields): void;
}

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line + "\n")): Logger {
    const emit = (level: string, event: string, fields: LogFields = {}) => write(JSON.stringify({ level, event, ...fields, time: new Date().toISOString() }));
    return { info: (e, f) => emit("info", e, f), error: (e, f) => emit("error", e, f) };
}
