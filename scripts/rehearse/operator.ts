// Runs an operator script as `npm run` does, returning its output; fails with its stderr.
import { execFile } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

export function runScript(name: string, args: string[], env: Record<string, string> = {}): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            ["--import", "tsx", path.join(ROOT, "scripts", name), ...args],
            { cwd: ROOT, env: { ...process.env, ...env } },
            (err, stdout, stderr) => (err ? reject(new Error(`${name} ${args.join(" ")} failed: ${stderr.trim() || err.message}`)) : resolve(stdout)),
        );
    });
}
