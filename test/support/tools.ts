// Finds the real command-line tools artifact tests call. Locally a missing tool skips its test loudly; in CI
// (CI=true, where .ci/run installs them) a missing tool fails.
import { execFileSync } from "child_process";

export function haveTool(name: string): boolean {
    try {
        execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
        return true;
    } catch {
        return false;
    }
}

/** Call at the top of a test: skips it (after a loud message) when the tool is missing, except in CI, where it fails. */
export function requireTool(ctx: Mocha.Context, name: string): void {
    if (haveTool(name)) return;
    if (process.env.CI) throw new Error(`${name} is not installed; .ci/run must install it`);
    console.warn(`\n  !!! SKIPPED: ${name} is not installed here (apt-get install ${name === "systemd-analyze" ? "systemd" : name}); CI runs this test.\n`);
    ctx.skip();
}
