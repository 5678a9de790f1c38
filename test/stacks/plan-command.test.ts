// `npm run plan`, as a newcomer runs it: the tree, the outputs and the verdicts, or a clear error.
import * as assert from "assert";
import { spawnSync } from "child_process";

const plan = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "scripts/plan.ts", ...args], { encoding: "utf8" });

describe("npm run plan", () => {
    it("prints dev's resource tree, counts, outputs and policy verdicts, and exits 0", () => {
        const run = plan();
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stdout, /^Stack dev: \d+ resources/);
        assert.match(run.stdout, /\+ strongroom:vault-ec2:VaultEc2Cluster {2}strongroom-dev-vault\n {2}\+ /);
        assert.match(run.stdout, /Resources by type:\n/);
        assert.match(run.stdout, /vaultUrl: "https:\/\//);
        assert.match(run.stdout, /pass {2}strongroom-iam-replication-role-guard \(mandatory\)/);
        assert.match(run.stdout, /0 mandatory and 0 advisory violation\(s\)/);
    });

    it("--json lists every resource with its inputs (the Lambda code as a digest), the outputs and the verdicts", () => {
        const run = plan("--stack", "prod", "--json");
        assert.strictEqual(run.status, 0, run.stderr);
        const { resources, outputs, policyVerdicts, mandatoryViolations } = JSON.parse(run.stdout);
        assert.deepStrictEqual([policyVerdicts, mandatoryViolations], [[], 0]);
        assert.strictEqual(outputs.layout, "eks-raft");
        assert.strictEqual(outputs.kubeconfig, "[secret]");
        assert.ok(resources.some((r: any) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.values.server?.ha.raft.enabled === true));
        const code = resources.find((r: any) => r.type === "aws:lambda/function:Function").inputs.code.archive["index.js"].asset;
        assert.match(code.sha256, /^[0-9a-f]{64}$/);
    });

    it("names an unknown stack and where it looked", () => {
        const run = plan("--stack", "nope");
        assert.strictEqual(run.status, 1);
        assert.match(run.stderr, /no config for stack "nope": looked for Pulumi\.nope\.yaml/);
    });
});
