// plan --cost: every planned type is priced or free for a stated reason, the snapshot is fresh, the figures move by
// the documented amounts when natGateways or azCount change, and the README's table is the current estimate.
import * as assert from "assert";
import { versionRow } from "../../infra/vault-eks/kubernetes-versions";
import { spawnSync } from "child_process";
import * as fs from "fs";
import { isCloudResource } from "../../scripts/offline/plan-index";
import { OfflineRun } from "../../scripts/offline/recorder";
import { shippedStacks } from "../../scripts/offline/stacks";
import { ASSUMPTIONS } from "../../scripts/cost/assumptions";
import { estimateCost } from "../../scripts/cost/estimate";
import { PRICE_TABLE, PriceError, RegionPrices, snapshotAgeDays, UNVERIFIED } from "../../scripts/cost/prices";
import { costTable } from "../../scripts/cost/readme-table";
import { COST_RULES, runsPerMonth } from "../../scripts/cost/rules";
import { planStack, planWith } from "../support/stack";
import { STACK_VARIANTS } from "../support/stack-variants";

const asOf = new Date("2026-11-30T00:00:00Z");
const cost = (run: OfflineRun, region = "eu-west-1", secrets = 100) => estimateCost("t", region, run, { secrets, asOf });
const p = (region: string, key: string) => PRICE_TABLE.prices[key].regions[region].usd;
const H = PRICE_TABLE.hoursPerMonth;
/** What one more NAT gateway adds: its hours, its Elastic IP, its assumed data (README "Cheaper options"). */
const perNat = (region: string) => H * (p(region, "nat.hour") + p(region, "ipv4.hour")) + ASSUMPTIONS.natGb.value * p(region, "nat.gb");
const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} != ${expected}`);

describe("the price snapshot", () => {
    it("is at most 12 months old, and no source is dated after it", () => {
        const age = snapshotAgeDays(new Date());
        assert.ok(age <= 365, `vendor/aws-prices/prices.json was taken ${PRICE_TABLE.snapshotDate}, ${age} days ago: take a new snapshot`);
        for (const [id, s] of Object.entries(PRICE_TABLE.sources)) assert.ok(s.date <= PRICE_TABLE.snapshotDate && /^https:\/\//.test(s.url), id);
    });

    it("gives every price for every region it covers, each with a known source", () => {
        for (const [key, entry] of Object.entries(PRICE_TABLE.prices)) {
            assert.deepStrictEqual(Object.keys(entry.regions).sort(), [...PRICE_TABLE.regions].sort(), key);
            for (const figure of Object.values(entry.regions)) assert.ok(figure.usd > 0 && figure.source in PRICE_TABLE.sources, key);
        }
    });

    it("cites a source only for a region whose figure it states: a us-east-1 quote does not verify eu-west-1", () => {
        for (const [key, entry] of Object.entries(PRICE_TABLE.prices)) {
            for (const [region, figure] of Object.entries(entry.regions)) {
                const source = PRICE_TABLE.sources[figure.source];
                assert.ok(source.regions.includes(region), `${key} ${region}: source "${figure.source}" states prices for ${source.regions.join(", ")} only`);
            }
        }
        assert.ok(Object.keys(PRICE_TABLE.sources).every((id) => PRICE_TABLE.sources[id].regions.length > 0));
    });

    it("says plainly that an unverified figure is the author's estimate, and counts it as unverified", () => {
        assert.match(PRICE_TABLE.sources[UNVERIFIED].what, /^NOT VERIFIED: .*unverified estimate/);
        const unverified = Object.entries(PRICE_TABLE.prices).find(([, e]) => Object.values(e.regions).some((f) => f.source === UNVERIFIED));
        assert.ok(unverified, "no unverified figure left: drop this check");
        const [key, entry] = unverified;
        const region = Object.keys(entry.regions).find((r) => entry.regions[r].source === UNVERIFIED)!;
        assert.strictEqual(new RegionPrices(region).price(key).verified, false);
        const figures = Object.values(PRICE_TABLE.prices).flatMap((e) => Object.values(e.regions));
        const stated = /(\d+) of the (\d+) figures are unverified/.exec(fs.readFileSync("vendor/aws-prices/SOURCE.md", "utf8"));
        assert.deepStrictEqual(
            stated && [Number(stated[1]), Number(stated[2])],
            [figures.filter((f) => f.source === UNVERIFIED).length, figures.length],
            "vendor/aws-prices/SOURCE.md states how many figures are unverified: update it",
        );
    });

    it("covers the region of every shipped and example stack", async () => {
        for (const stack of shippedStacks()) assert.doesNotThrow(() => new RegionPrices(readRegion(stack)), stack);
    });

    it("refuses a region it lacks, naming it, the regions it has and the fix", async () => {
        const run = await planWith("dev", { "aws:region": "ap-south-1" });
        assert.throws(
            () => cost(run, "ap-south-1"),
            (e: Error) =>
                e instanceof PriceError && /no prices for region ap-south-1; it covers us-east-1, us-east-2, eu-west-1\. Add ap-south-1/.test(e.message),
        );
    });

    it("refuses an instance type it lacks, listing the ones it has", async () => {
        const run = await planWith("dev", { "strongroom:instanceType": "c7g.large" });
        assert.throws(() => cost(run), /no on-demand price for instance type c7g\.large .* \(it has t4g\.micro, .*\); add "ec2\.c7g\.large"/);
    });
});

describe("every planned resource type is priced or free for a reason", () => {
    it("in every shipped stack and its variants", async () => {
        for (const [name, run] of await allRuns()) {
            const missing = [...new Set(run.resources.filter(isCloudResource).map((r) => r.type))].filter((t) => !(t in COST_RULES));
            assert.deepStrictEqual(missing, [], `${name}: add a row to scripts/cost/rules.ts`);
            assert.deepStrictEqual(cost(run, readRegionOf(run)).unpriced, [], name);
        }
    });

    it("and the check is not blind: a type without a row is reported, not counted as free", async () => {
        const run = await planStack("dev");
        const extra = { ...run.resources[1], type: "aws:cloudwatch/compositeAlarm:CompositeAlarm", urn: "urn:extra", parent: undefined, custom: true };
        assert.deepStrictEqual(cost({ ...run, resources: [...run.resources, extra] }).unpriced, ["aws:cloudwatch/compositeAlarm:CompositeAlarm"]);
    });
});

describe("the estimate moves by the documented amounts", () => {
    it("natGateways perAz costs (azCount − 1) more NAT gateways than single", async () => {
        const single = cost(await planStack("dev")).monthly; // dev: 2 zones, single
        const perAz = cost(await planWith("dev", { "strongroom:natGateways": "perAz" })).monthly;
        near(perAz - single, perNat("eu-west-1"), "dev perAz - single");
        const staging = cost(await planStack("staging"), "us-east-2").monthly; // 3 zones, perAz
        const stagingSingle = cost(await planWith("staging", { "strongroom:natGateways": "single" }), "us-east-2").monthly;
        near(staging - stagingSingle, 2 * perNat("us-east-2"), "staging perAz - single");
    });

    it("one more zone adds six interface endpoint-zones (SQS for the audit-event queue), and a NAT gateway with perAz", async () => {
        const endpoints = 6 * H * p("eu-west-1", "endpoint.hour");
        near(
            cost(await planWith("dev", { "strongroom:azCount": "3" })).monthly - cost(await planStack("dev")).monthly,
            endpoints,
            "dev (single NAT) 2 -> 3 zones",
        );
        const region = "us-east-2";
        const three = cost(await planStack("staging"), region).monthly;
        const four = cost(await planWith("staging", { "strongroom:azCount": "4" }), region).monthly;
        near(four - three, 6 * H * p(region, "endpoint.hour") + perNat(region), "staging (perAz) 3 -> 4 zones");
    });

    it("--secrets N adds N secrets and their list calls", async () => {
        const run = await planStack("dev");
        const runs = runsPerMonth("rate(30 minutes)");
        const calls = (n: number) => (runs * Math.max(1, Math.ceil(n / 100)) + ASSUMPTIONS.secretChanges.value) / 10_000;
        const delta = cost(run, "eu-west-1", 1000).monthly - cost(run, "eu-west-1", 0).monthly;
        near(delta, 1000 * p("eu-west-1", "secretsmanager.secret") + (calls(1000) - calls(0)) * p("eu-west-1", "secretsmanager.requests"), "1000 secrets");
    });

    it("prices EKS at the standard rate until the version leaves standard support, then the extended one", async () => {
        const run = await planStack("prod");
        const control = (day: string) =>
            estimateCost("prod", "eu-west-1", run, { secrets: 0, asOf: new Date(day) })
                .components.flatMap((c) => c.lines)
                .find((l) => l.type === "aws:eks/cluster:Cluster")!;
        // The dates come from the one table of EKS support dates (infra/vault-eks/kubernetes-versions.ts).
        const version = run.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!.inputs.version as string;
        const ends = versionRow(version)!.endOfStandardSupport;
        const dayBefore = new Date(Date.parse(`${ends}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        near(control(dayBefore).monthly, H * 0.1, "standard");
        near(control(ends).monthly, H * 0.6, "extended");
        assert.match(
            control(ends).note!,
            new RegExp(`standard support \\$73\\.00, extended \\$438\\.00; ${version.replace(".", "\\.")} leaves standard support on ${ends}`),
        );
    });
});

describe("plan --cost", () => {
    const plan = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "scripts/plan.ts", ...args], { encoding: "utf8" });

    it("prints the components, the total and the assumptions; --json carries the breakdown", () => {
        const text = plan("--stack", "dev", "--cost");
        assert.strictEqual(text.status, 0, text.stderr);
        assert.match(text.stdout, /^Estimated monthly cost of stack dev in eu-west-1: \$[\d,]+\.\d\d/);
        assert.match(text.stdout, /Assumed usage/);
        const json = plan("--stack", "dev", "--cost", "--json", "--secrets", "7");
        assert.strictEqual(json.status, 0, json.stderr);
        const { cost: e } = JSON.parse(json.stdout);
        assert.strictEqual(e.secrets, 7);
        near(
            e.monthly,
            e.components.reduce((s: number, c: any) => s + c.lines.reduce((t: number, l: any) => t + l.monthly, 0), 0),
            "total",
        );
        assert.ok(e.prices.every((u: any) => u.source.startsWith("https://") && /^\d{4}-\d\d-\d\d$/.test(u.sourceDate)));
        const shaky = e.components
            .flatMap((c: any) => c.lines)
            .filter((l: any) => l.prices.some((k: string) => e.prices.some((u: any) => u.key === k && !u.verified)));
        near(
            e.unverifiedMonthly,
            shaky.reduce((t: number, l: any) => t + l.monthly, 0),
            "unverified part",
        );
        assert.ok(e.unverifiedMonthly <= e.monthly);
    });

    it("explains a bad --secrets and flags used without their command", () => {
        assert.match(plan("--cost", "--secrets", "many").stderr, /--secrets is "many": give a whole number/);
        assert.match(plan("--secrets", "3").stderr, /--secrets applies only with --cost/);
        assert.match(plan("--cost", "--graph").stderr, /choose one of --access, --graph and --cost/);
    });
});

describe("README's cost table", function () {
    this.timeout(120_000);
    it("is the current estimate of every shipped and example stack", async () => {
        const shown = /<!-- cost:stacks[^\n]*\n([\s\S]*?)<!-- \/cost:stacks -->/.exec(fs.readFileSync("README.md", "utf8"));
        assert.ok(shown, "README has no cost:stacks block");
        assert.strictEqual(shown[1], await costTable(new Date()), "regenerate it with `npx tsx scripts/cost/readme-table.ts`");
    });
});

async function allRuns(): Promise<[string, OfflineRun][]> {
    const runs: [string, OfflineRun][] = [];
    for (const stack of shippedStacks()) runs.push([stack, await planStack(stack)]);
    for (const [name, [stack, edit]] of Object.entries(STACK_VARIANTS)) runs.push([name, await planWith(stack, edit, name)]);
    return runs;
}

function readRegion(stack: string): string {
    return require("../../scripts/offline/stacks").readStackConfig(stack)["aws:region"];
}

function readRegionOf(run: OfflineRun): string {
    return String(run.outputs.region);
}
