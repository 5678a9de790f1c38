// policies/package.json is what a published pack installs: every package the pack imports is declared there, at the
// version range the project itself uses, and none is AGPL (the licence boundary).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const POLICIES = path.join(ROOT, "policies");

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(full);
        return e.name.endsWith(".ts") ? [full] : [];
    });
}

/** The packages (not node: builtins, not relative paths) a file imports or requires. */
function packagesImported(text: string): string[] {
    const specs = [...text.matchAll(/(?:from\s+|require\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
    return specs
        .filter((s) => !s.startsWith(".") && !s.startsWith("node:") && !["fs", "path", "child_process"].includes(s))
        .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]));
}

describe("the policy pack's own package.json", () => {
    const pack = JSON.parse(fs.readFileSync(path.join(POLICIES, "package.json"), "utf8"));
    const project = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const imported = [...new Set(sources(POLICIES).flatMap((f) => packagesImported(fs.readFileSync(f, "utf8"))))].sort();

    it("declares every package the pack imports, at the project's range", () => {
        assert.deepStrictEqual(
            imported.filter((p) => !pack.dependencies?.[p]),
            [],
        );
        for (const p of imported) assert.strictEqual(pack.dependencies[p], project.dependencies[p], `${p}: the pack and the project must agree`);
    });

    it("ships nothing AGPL", () => {
        for (const p of Object.keys(pack.dependencies)) {
            const licence = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", p, "package.json"), "utf8")).license;
            assert.ok(!/AGPL/i.test(String(licence)), `${p} is ${licence}`);
        }
    });
});
