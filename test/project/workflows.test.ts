// The users' and the project's CI workflows: linted by actionlint, and every action step checked against the
// action's real action.yml (vendored in vendor/github-actions at the tag the workflows use).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { requireTool } from "../support/tools";

const ROOT = path.resolve(__dirname, "../..");
const WORKFLOWS = path.join(ROOT, ".github/workflows");
const ACTIONS = path.join(ROOT, "vendor/github-actions");

interface Step {
    readonly uses?: string;
    readonly with?: Record<string, unknown>;
}

/** Problems of one `uses:` step: an action or major we have no action.yml for, an unknown input, a missing required one. */
export function stepProblems(step: Step): string[] {
    if (!step.uses || step.uses.startsWith("./")) return [];
    const match = /^([\w-]+)\/([\w-]+)@(v\d+)$/.exec(step.uses);
    if (!match) return [`${step.uses}: pin an action as owner/name@vMAJOR`];
    const file = path.join(ACTIONS, `${match[1]}-${match[2]}-${match[3]}.yml`);
    if (!fs.existsSync(file)) return [`${step.uses}: no vendored action.yml for this action and major version (vendor/github-actions)`];
    const inputs: Record<string, { required?: boolean; default?: unknown }> = parse(fs.readFileSync(file, "utf8")).inputs ?? {};
    const given = Object.keys(step.with ?? {});
    return [
        ...given.filter((name) => !(name in inputs)).map((name) => `${step.uses}: unknown input ${name}`),
        ...Object.entries(inputs)
            .filter(([name, i]) => i.required && i.default === undefined && !given.includes(name))
            .map(([name]) => `${step.uses}: required input ${name} is missing`),
    ];
}

describe("CI workflows", () => {
    const files = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));

    it("use only real inputs of the actions' current major versions", () => {
        const problems = files.flatMap((file) => {
            const workflow = parse(fs.readFileSync(path.join(WORKFLOWS, file), "utf8"));
            return Object.values<{ steps?: Step[] }>(workflow.jobs ?? {}).flatMap((job) => (job.steps ?? []).flatMap(stepProblems).map((p) => `${file}: ${p}`));
        });
        assert.deepStrictEqual(problems, []);
    });

    it("the check is not blind: a misspelt input, an old major and a missing required input are caught", () => {
        assert.deepStrictEqual(stepProblems({ uses: "pulumi/actions@v7", with: { command: "up", "stack-name": "dev", policyPack: "policies" } }), [
            "pulumi/actions@v7: unknown input policyPack",
        ]);
        assert.match(stepProblems({ uses: "actions/checkout@v4" })[0], /no vendored action.yml/);
        assert.deepStrictEqual(stepProblems({ uses: "aws-actions/configure-aws-credentials@v6", with: { "role-to-assume": "arn" } }), [
            "aws-actions/configure-aws-credentials@v6: required input aws-region is missing",
        ]);
    });

    it("a pull request runs the project's tests, and the eks-raft stack deploys from a runner inside the VPC", () => {
        const test = parse(fs.readFileSync(path.join(WORKFLOWS, "test.yml"), "utf8"));
        assert.ok("pull_request" in test.on);
        assert.ok(JSON.stringify(test.jobs).includes("bash .ci/run"));
        const deploy = fs.readFileSync(path.join(WORKFLOWS, "deploy.yml"), "utf8");
        assert.match(deploy, /stack: prod\n(.*\n)*\s+runner: \$\{\{ vars\.VPC_RUNNER_LABELS \}\}/);
    });

    it("pass actionlint", function () {
        this.timeout(600_000);
        requireTool(this, "go");
        const lint = spawnSync("bash", [path.join(ROOT, "scripts/tools/actionlint.sh")], { cwd: ROOT, encoding: "utf8" });
        assert.strictEqual(lint.status, 0, lint.stdout + lint.stderr);
    });
});
