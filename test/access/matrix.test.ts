// Least privilege, proven by a real IAM evaluation engine over each shipped stack's recorded policies (inline, the
// AWS-managed ones attached, key, bucket and function policies): every call a workload makes at run time is Allowed,
// including the KMS calls AWS services make with the caller's identity, and every call it must never make is Denied,
// by the statement named where one is expected.
import * as assert from "assert";
import { NamedPolicy } from "../../scripts/access/evaluate";
import { describeRow, renderMatrix, runMatrix } from "../../scripts/access/matrix";
import { StackFacts } from "../../scripts/access/stack-facts";
import { workloadsOf } from "../../scripts/access/workloads";
import { OfflineRun } from "../../scripts/offline/recorder";
import { readStackConfig } from "../../scripts/offline/stacks";
import { planStack, planWith } from "../support/stack";

const factsOf = (stack: string, run: OfflineRun) => new StackFacts(run, readStackConfig(stack)["aws:region"]);

/** The stack's facts with every policy statement rewritten (or dropped, when `edit` returns undefined). */
class EditedFacts extends StackFacts {
    constructor(
        base: StackFacts,
        private readonly edit: (statement: any, where: string) => any,
    ) {
        super(base.run, base.region);
    }
    private rewrite(policy: any, where: string): any {
        if (!policy) return policy;
        const statements = [policy.Statement].flat().flatMap((s: any) => this.edit(s, where) ?? []);
        return { ...policy, Statement: statements };
    }
    override identityPolicies(role: string): NamedPolicy[] {
        return super.identityPolicies(role).map((p) => ({ ...p, policy: this.rewrite(p.policy, p.name) }));
    }
    override resourcePolicy(arn: string): unknown {
        return this.rewrite(super.resourcePolicy(arn), arn);
    }
}

const problems = async (facts: StackFacts) => (await runMatrix(facts)).filter((r) => r.problem).map(describeRow);

describe("access matrix, evaluated by a real IAM engine", function () {
    this.timeout(120_000);

    for (const [stack, edit] of [
        ["dev", undefined],
        ["prod", undefined],
        ["staging", undefined],
        ["dev", { "strongroom:replicationAuthMethod": "token" }],
        ["dev", { "strongroom:replicationSecretsPrefix": "platform/replicas" }],
    ] as const) {
        const label = edit ? `${stack} with ${JSON.stringify(edit)}` : stack;
        it(`${label}: every run-time call is Allowed, every forbidden call Denied`, async () => {
            const run = edit ? await planWith(stack, edit, `${stack}-edited`) : await planStack(stack);
            const rows = await runMatrix(factsOf(stack, run));
            assert.deepStrictEqual(rows.filter((r) => r.problem).map(describeRow), []);
            assert.ok(rows.some((r) => r.expected === "Allowed") && rows.some((r) => r.expected !== "Allowed"));
        });
    }

    for (const stack of ["dev", "prod"]) {
        it(`${stack}: every IAM role the stack creates is a workload of the matrix`, async () => {
            const facts = factsOf(stack, await planStack(stack));
            const covered = workloadsOf(facts).flatMap((w) => (w.role ? [facts.find("aws:iam/role:Role", w.role).name] : []));
            const roles = facts.run.resources.filter((r) => r.type === "aws:iam/role:Role").map((r) => r.name);
            assert.deepStrictEqual(
                roles.filter((r) => !covered.includes(r)),
                [],
            );
        });

        it(`${stack}: every statement the matrix names as refusing a call is load-bearing`, async () => {
            const facts = factsOf(stack, await planStack(stack));
            const named = [...new Set((await runMatrix(facts)).flatMap((r) => r.deniedBy))];
            assert.ok(named.length >= 5, named.join(", "));
            for (const sid of named) {
                const without = await problems(new EditedFacts(facts, (s) => (s.Sid === sid ? undefined : s)));
                assert.ok(without.length > 0, `dropping ${sid} changed nothing in the matrix`);
            }
        });
    }

    it("fails on the first version's node role: the table's key denied through DynamoDB by NoOtherKeys", async () => {
        const facts = factsOf("dev", await planStack("dev"));
        const unsealKey = facts.keyArn("-vault-unseal-key");
        // The first version: no table-key statements, and a NoOtherKeys guard that excluded only the unseal key.
        const old = new EditedFacts(facts, (s, where) =>
            where.endsWith("-node-table-key") ? undefined : s.Sid === "NoOtherKeys" && where.endsWith("-node-unseal") ? { ...s, NotResource: [unsealKey] } : s,
        );
        const found = await problems(old);
        assert.ok(
            found.some((p) => /DynamoDB uses the table's key.*is ExplicitlyDenied/.test(p)),
            found.join("\n"),
        );
    });

    it("fails when a scoped resource is widened to * and its guard dropped", async () => {
        const facts = factsOf("dev", await planStack("dev"));
        const widened = new EditedFacts(facts, (s) =>
            s.Sid === "NoWritesOutsidePrefix" ? undefined : s.Sid === "WriteReplicas" ? { ...s, Resource: ["*"] } : s,
        );
        const found = await problems(widened);
        assert.ok(
            found.some((p) => /another prefix's secrets.*is Allowed/.test(p)),
            found.join("\n"),
        );
    });
});

describe("README's access matrix", function () {
    this.timeout(60_000);
    it("is the dev stack's current `plan --access` output", async () => {
        const readme = require("fs").readFileSync(require("path").join(__dirname, "../../README.md"), "utf8");
        const shown = /<!-- access-matrix:dev[^\n]*\n```\n([\s\S]*?)```\n<!-- \/access-matrix:dev -->/.exec(readme);
        assert.ok(shown, "README has no access-matrix:dev block");
        const rows = await runMatrix(factsOf("dev", await planStack("dev")));
        assert.strictEqual(shown[1], renderMatrix("dev", rows), "regenerate it with `npm run -s plan -- --access`");
    });
});
