// The access matrix over DR stacks: the replica admits only the recovery stack's role, the tamper rules publish
// only as themselves, S3 replication reads and writes only snapshots, the trail writes only its logs. The matrix
// notices when a refusing statement or a pinning condition is taken away.
import * as assert from "assert";
import { describeRow, runMatrix } from "../../scripts/access/matrix";
import { StackFacts } from "../../scripts/access/stack-facts";
import { workloadsOf } from "../../scripts/access/workloads";
import { OfflineRun } from "../../scripts/offline/recorder";
import { readStackConfig } from "../../scripts/offline/stacks";
import { planWith } from "../support/stack";

const DR_ON = { "strongroom:drRegion": "eu-central-1", "strongroom:cloudTrail": "create" };
const factsOf = (stack: string, run: OfflineRun) => new StackFacts(run, readStackConfig(stack)["aws:region"]);

/** The run with one resource's policy rewritten. */
function rewrite(run: OfflineRun, type: string, edit: (statements: any[]) => any[]): OfflineRun {
    return {
        ...run,
        resources: run.resources.map((r) => {
            if (r.type !== type) return r;
            const policy = JSON.parse(r.inputs.policy);
            return { ...r, inputs: { ...r.inputs, policy: JSON.stringify({ ...policy, Statement: edit(policy.Statement) }) } };
        }),
    };
}

describe("access matrix of DR stacks", function () {
    this.timeout(180_000);

    for (const stack of ["dev", "prod", "staging"]) {
        it(`${stack} with drRegion and a trail: every verdict as designed, every role a workload`, async () => {
            const run = await planWith(stack, DR_ON, `${stack}-dr`);
            const facts = factsOf(stack, run);
            const rows = await runMatrix(facts);
            assert.deepStrictEqual(rows.filter((r) => r.problem).map(describeRow), []);
            const names = new Set(rows.map((r) => r.workload));
            for (const w of ["Vault in a recovery stack", "tamper rule in eu-central-1", "tamper rule in", "CloudTrail"])
                assert.ok(
                    [...names].some((n) => n.includes(w)),
                    w,
                );
            const covered = workloadsOf(facts).flatMap((w) => (w.role ? [facts.find("aws:iam/role:Role", w.role).name] : []));
            assert.deepStrictEqual(
                run.resources.filter((r) => r.type === "aws:iam/role:Role" && !covered.includes(r.name)).map((r) => r.name),
                [],
            );
        });
    }

    it("notices a replica open to every role of the account (NoUseByOthers dropped)", async () => {
        const run = rewrite(await planWith("dev", DR_ON, "dev-dr"), "aws:kms/replicaKey:ReplicaKey", (s) => s.filter((x) => x.Sid !== "NoUseByOthers"));
        const problems = (await runMatrix(factsOf("dev", run))).filter((r) => r.problem).map(describeRow);
        assert.match(problems.join("\n"), /decrypts with the replica/);
    });

    it("notices a topic any rule may publish to (the rule's aws:SourceArn dropped)", async () => {
        const run = rewrite(await planWith("prod", DR_ON, "prod-dr"), "aws:sns/topicPolicy:TopicPolicy", (s) =>
            s.map((x) => (x.Sid?.startsWith("EventRulePublishes") ? { ...x, Condition: { StringEquals: x.Condition.StringEquals } } : x)),
        );
        const problems = (await runMatrix(factsOf("prod", run))).filter((r) => r.problem).map(describeRow);
        assert.match(problems.join("\n"), /for any other rule: sns:Publish .* is Allowed/);
    });

    it("notices a replication role that may write anywhere in the copy bucket", async () => {
        const run = rewrite(await planWith("prod", DR_ON, "prod-dr"), "aws:iam/rolePolicy:RolePolicy", (s) =>
            s.map((x) => (x.Sid === "WriteReplicas" ? { ...x, Resource: [String(x.Resource[0]).replace(/raft\/\*$/, "*")] } : x)),
        );
        const problems = (await runMatrix(factsOf("prod", run))).filter((r) => r.problem).map(describeRow);
        assert.match(problems.join("\n"), /writes the copies outside raft\//);
    });
});
