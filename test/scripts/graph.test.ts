// plan --graph: the picture has every component of the stack and nothing that is not in the plan, stays legible,
// draws the edges the plan's inputs imply, renders to SVG with Graphviz, and the README's diagram is dev's current one.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import { isCloudResource } from "../../scripts/offline/plan-index";
import { OfflineRun } from "../../scripts/offline/recorder";
import { shippedStacks } from "../../scripts/offline/stacks";
import { buildGraph, Graph } from "../../scripts/graph/model";
import { toMermaid } from "../../scripts/graph/render";
import { GRAPH_RULES } from "../../scripts/graph/rules";
import { toSvg } from "../../scripts/graph/svg";
import { planStack, planWith } from "../support/stack";
import { STACK_VARIANTS } from "../support/stack-variants";

async function allRuns(): Promise<[string, OfflineRun][]> {
    const runs: [string, OfflineRun][] = [];
    for (const stack of shippedStacks()) runs.push([stack, await planStack(stack)]);
    for (const [name, [stack, edit]] of Object.entries(STACK_VARIANTS)) runs.push([name, await planWith(stack, edit, name)]);
    return runs;
}

const box = (g: Graph, text: RegExp) => g.nodes.find((n) => text.test(n.lines.join(" ")));
const edge = (g: Graph, from: RegExp, to: RegExp) =>
    g.edges.filter((e) => from.test(g.nodes.find((n) => n.id === e.from)!.lines.join(" ")) && to.test(g.nodes.find((n) => n.id === e.to)!.lines.join(" ")));

describe("plan --graph", function () {
    this.timeout(120_000);

    it("has every component, only plan resources, and a row for every planned type (shipped stacks and variants)", async () => {
        for (const [name, run] of await allRuns()) {
            const g = buildGraph(name, run);
            assert.deepStrictEqual(g.unknownTypes, [], `${name}: add rows to scripts/graph/rules.ts`);
            const missingTypes = [...new Set(run.resources.filter(isCloudResource).map((r) => r.type))].filter((t) => !(t in GRAPH_RULES));
            assert.deepStrictEqual(missingTypes, [], name);
            const drawn = new Set([...g.nodes.flatMap((n) => n.resources), ...g.groups.map((grp) => grp.component)]);
            for (const component of run.resources.filter((r) => !r.custom))
                assert.ok(drawn.has(component.urn), `${name}: component ${component.name} is not in the picture`);
            const planned = new Set(run.resources.map((r) => r.urn));
            for (const n of g.nodes) {
                assert.ok(n.resources.length > 0 && n.resources.every((u) => planned.has(u)), `${name}: box ${n.id} stands for nothing in the plan`);
            }
            const ids = new Set(g.nodes.map((n) => n.id));
            for (const e of g.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `${name}: edge ${e.from} -> ${e.to}`);
            assert.ok(g.nodes.length <= 40, `${name}: ${g.nodes.length} boxes is not legible`);
        }
    });

    it("collapses repeated resources into one box with a count", async () => {
        const g = buildGraph("prod", await planStack("prod"));
        assert.ok(box(g, /^interface endpoints ×6 kms, secretsmanager, sts, logs, sns, sqs private DNS, 3 zones each$/));
        assert.ok(box(g, /^private subnets ×3 eu-west-1a, eu-west-1b, eu-west-1c$/));
        assert.ok(box(g, /^NAT gateways ×3/));
    });

    it("draws who reaches whom and which key protects what, from the plan's inputs", async () => {
        const dev = buildGraph("dev", await planStack("dev"));
        assert.strictEqual(edge(dev, /Vault auto-unseal/, /Auto Scaling group/)[0]?.label, "awskms seal");
        assert.match(edge(dev, /internal ALB/, /Auto Scaling group/)[0]?.label, /HTTPS 8200, health \/v1\/sys\/health/);
        assert.match(edge(dev, /^Lambda/, /internal ALB/)[0]?.label, /VAULT_ADDR/);
        assert.match(edge(dev, /^clients 10\.0\.0\.0\/8/, /internal ALB/)[0]?.label, /443/);
        assert.strictEqual(edge(dev, /log group/, /^Lambda/)[0]?.label, "audit events");
        assert.strictEqual(edge(dev, /^SQS FIFO queue/, /^Lambda/)[0]?.label, "one batch at a time");
        assert.strictEqual(edge(dev, /data at rest/, /^DynamoDB/)[0]?.style, "key");
        assert.match(edge(dev, /^DynamoDB/, /AWS Backup vault/)[0]?.label, /backup cron\(0 3 \* \* \? \*\), kept 35 days/);
        const prod = buildGraph("prod", await planStack("prod"));
        assert.strictEqual(edge(prod, /Vault auto-unseal/, /vault chart/)[0]?.label, "awskms seal");
        assert.match(edge(prod, /internal NLB/, /vault chart/)[0]?.label, /TCP 443 → 8200/);
        assert.ok(edge(prod, /Raft snapshots/, /S3 bucket/).length === 1);
    });

    it("follows the stack's choices: no function, no edges to Vault from it, when replication is off", async () => {
        const g = buildGraph("off", await planWith("dev", { "strongroom:replicationEnabled": "false" }));
        // The health probe's Lambda stays; the replication function is gone.
        assert.ok(!g.nodes.some((n) => /^Lambda/.test(n.lines[0]) && n.resources.some((u) => u.endsWith("-replication-fn"))));
        assert.deepStrictEqual(
            edge(g, /.*/, /internal ALB/)
                .map((e) => g.nodes.find((n) => n.id === e.from)!)
                .filter((n) => !n.resources.some((u) => u.endsWith("-probe-fn")))
                .map((n) => n.lines[0]),
            ["clients 10.0.0.0/8"],
        );
    });

    it("renders to SVG with Graphviz, one shape per box", async () => {
        const g = buildGraph("dev", await planStack("dev"));
        const svg = await toSvg(g);
        assert.match(svg, /^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
        assert.strictEqual((svg.match(/class="node"/g) ?? []).length, g.nodes.length);
    });

    it("writes Mermaid and, with --graph-out, an SVG file; --graph-out alone is refused", () => {
        const out = `/tmp/strongroom-graph-${process.pid}.svg`;
        const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/plan.ts", "--stack", "prod", "--graph", "--graph-out", out], { encoding: "utf8" });
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stdout, /^%% Stack prod[^\n]*\nflowchart LR\n/);
        assert.match(fs.readFileSync(out, "utf8"), /<svg/);
        fs.rmSync(out);
        const alone = spawnSync(process.execPath, ["--import", "tsx", "scripts/plan.ts", "--graph-out", out], { encoding: "utf8" });
        assert.strictEqual(alone.status, 1);
        assert.match(alone.stderr, /--graph-out needs --graph/);
    });

    it("README's diagram is the dev stack's current picture", async () => {
        const shown = /<!-- graph:dev[^\n]*\n```mermaid\n([\s\S]*?)```\n<!-- \/graph:dev -->/.exec(fs.readFileSync("README.md", "utf8"));
        assert.ok(shown, "README has no graph:dev block");
        assert.strictEqual(shown[1], toMermaid(buildGraph("dev", await planStack("dev"))), "regenerate it with `npm run -s plan -- --graph`");
    });
});
