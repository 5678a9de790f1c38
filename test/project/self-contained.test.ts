// A user's clone has only this repository: nothing in it may read a path outside it, and the vendored chart is the pinned one.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { VAULT_CHART } from "../../infra/vault-eks/chart";
import { vendoredChartVersion } from "../support/helm-schema";

const ROOT = path.resolve(__dirname, "../..");
const TEXT = /\.(ts|js|json|ya?ml|md|sh|txt)$|^\.ci\/run$/;

/** Relative paths (`../x`, `../../x`) in a file that, resolved from the file's folder, leave the repository. */
export function escapingPaths(file: string, text: string): string[] {
    const found: string[] = [];
    for (const match of text.matchAll(/(?:\.\.\/)+[A-Za-z0-9_.-]+/g)) {
        const target = path.resolve(ROOT, path.dirname(file), match[0]);
        if (path.relative(ROOT, target).startsWith("..")) found.push(`${file}: ${match[0]}`);
    }
    return found;
}

describe("the repository is self-contained", () => {
    const files = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" })
        .split("\n")
        .filter((f) => f && TEXT.test(f) && f !== "package-lock.json" && fs.existsSync(path.join(ROOT, f)));

    it("no tracked file refers to a path outside the repository", () => {
        const escaping = files.flatMap((f) => escapingPaths(f, fs.readFileSync(path.join(ROOT, f), "utf8")));
        assert.deepStrictEqual(escaping, []);
    });

    it("the check is not blind: the old schema path is caught", () => {
        // Built at run time so this file does not hold the pattern it looks for.
        const old = `path.resolve(__dirname, "${"../".repeat(3)}shared/reference/vault-helm-0.34.1/values.schema.json")`;
        assert.strictEqual(escapingPaths("test/support/helm-schema.ts", old).length, 1);
        assert.deepStrictEqual(escapingPaths("test/support/helm-schema.ts", '"../../vendor/vault-helm"'), []);
    });

    it("the vendored chart is the one the stack pins", () => {
        assert.deepStrictEqual(vendoredChartVersion(), { version: VAULT_CHART.version, appVersion: VAULT_CHART.appVersion });
    });
});
