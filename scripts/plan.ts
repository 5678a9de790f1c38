// The offline plan: runs a stack's real program under Pulumi's mock runtime and prints what it would create,
// with the policy pack's verdicts. Exits 2 on a mandatory violation, as `pulumi preview --policy-pack` would.
import * as fs from "fs";
import { ConfigError } from "../stacks/config";
import { strongroom } from "../stacks/program";
import { renderMatrix, runMatrix } from "./access/matrix";
import { StackFacts } from "./access/stack-facts";
import { DEFAULT_SECRETS } from "./cost/assumptions";
import { estimateCost } from "./cost/estimate";
import { PriceError } from "./cost/prices";
import { renderCost } from "./cost/render";
import { buildGraph } from "./graph/model";
import { toMermaid } from "./graph/render";
import { toSvg } from "./graph/svg";
import { Command, parseCommandLine, runMain, UsageError } from "./ops/cli";
import { plain } from "./offline/plain";
import { renderPlan } from "./offline/render";
import { OfflineRun, ProgramFailed, runOffline } from "./offline/recorder";
import { readStackConfig } from "./offline/stacks";
import { judge, renderVerdicts } from "./offline/verdicts";

const COMMAND: Command = {
    invocation: "npm run -s plan --",
    summary:
        "Plans a shipped stack offline (Pulumi's mock runtime: no CLI, no cloud) and judges it with the policy pack. Exit 0: clean; 2: a mandatory violation; 1: the program, its config or the command line is wrong.",
    flags: {
        stack: { type: "string", value: "<name>", description: "The stack to plan: Pulumi.<name>.yaml here or in stacks/examples/. Default: dev." },
        json: { type: "boolean", description: "Print JSON: every resource with its inputs, the outputs and the policy verdicts." },
        out: { type: "string", value: "<file>", description: "Write the plan to this file instead of stdout." },
        access: {
            type: "boolean",
            description:
                "Print the access matrix instead: per workload, the AWS calls it can make and the refusals proven, each evaluated by an IAM engine over the planned policies. Exit 2 if any verdict is not as designed.",
        },
        graph: {
            type: "boolean",
            description:
                "Print the stack's architecture as a Mermaid flowchart instead: components, the resources that matter, and who reaches whom and which key protects what, read from the plan.",
        },
        "graph-out": {
            type: "string",
            value: "<file.svg>",
            description: "With --graph: also render the picture as SVG into this file (Graphviz compiled to WebAssembly; no browser).",
        },
        cost: {
            type: "boolean",
            description:
                "Print the estimated monthly cost instead: per component and in total, for the stack's region, from the vendored AWS price snapshot (vendor/aws-prices/) and the stated usage assumptions. With --json: the breakdown as JSON.",
        },
        secrets: {
            type: "string",
            value: "<N>",
            description: `With --cost: how many secrets the replication function keeps in Secrets Manager. Default: ${DEFAULT_SECRETS}.`,
        },
    },
};

async function main(): Promise<number> {
    const flags = parseCommandLine(COMMAND, process.argv.slice(2));
    if (!flags) return 0;
    const stack = typeof flags.stack === "string" ? flags.stack : "dev";
    const secrets = secretCount(flags);
    if (flags["graph-out"] !== undefined && !flags.graph) throw new UsageError("--graph-out needs --graph");
    if ([flags.access, flags.graph, flags.cost].filter(Boolean).length > 1) throw new UsageError("choose one of --access, --graph and --cost");
    const started = Date.now();
    const config = readStackConfig(stack);
    const run = await runOffline(strongroom, stack, config);
    if (flags.access) return printAccess(stack, run, config["aws:region"], Boolean(flags.json), flags.out);
    if (flags.graph) {
        const graph = buildGraph(stack, run);
        if (typeof flags["graph-out"] === "string") fs.writeFileSync(flags["graph-out"], await toSvg(graph));
        emit(flags.json ? JSON.stringify({ stack, graph }, null, 2) + "\n" : toMermaid(graph), flags.out);
        return 0;
    }
    if (flags.cost) {
        const estimate = estimateCost(stack, config["aws:region"], run, { secrets, asOf: new Date() });
        emit(flags.json ? JSON.stringify({ stack, cost: estimate }, null, 2) + "\n" : renderCost(estimate), flags.out);
        return 0;
    }
    const verdicts = await judge(run);
    const mandatory = verdicts.filter((v) => v.enforcementLevel === "mandatory").length;
    const text = flags.json
        ? JSON.stringify(
              { stack, resources: await resourcesOf(run), outputs: shownOutputs(run), policyVerdicts: verdicts, mandatoryViolations: mandatory },
              null,
              2,
          ) + "\n"
        : renderPlan(stack, run) +
          renderVerdicts(verdicts) +
          `\nplanned offline in ${((Date.now() - started) / 1000).toFixed(1)} s (mock runtime: no cloud calls were made)\n`;
    emit(text, flags.out);
    return mandatory > 0 ? 2 : 0;
}

/** The access matrix (scripts/access/): exits 2 when a call is not allowed or refused as designed. */
async function printAccess(stack: string, run: OfflineRun, region: string, json: boolean, out: unknown): Promise<number> {
    const rows = await runMatrix(new StackFacts(run, region));
    const text = json ? JSON.stringify({ stack, access: rows }, null, 2) + "\n" : renderMatrix(stack, rows);
    emit(text, out);
    return rows.some((r) => r.problem) ? 2 : 0;
}

/** --secrets: a whole number of replicated secrets, or the default. */
function secretCount(flags: Record<string, string | boolean | undefined>): number {
    if (flags.secrets === undefined) return DEFAULT_SECRETS;
    if (!flags.cost) throw new UsageError("--secrets applies only with --cost");
    const n = Number(flags.secrets);
    if (!/^\d+$/.test(String(flags.secrets)) || n > 500_000)
        throw new UsageError(`--secrets is "${flags.secrets}": give a whole number of secrets, 0 to 500000 (Secrets Manager's quota per account and region)`);
    return n;
}

/** To the file `--out` names, or stdout. */
function emit(text: string, out: unknown): void {
    if (typeof out === "string") fs.writeFileSync(out, text);
    else process.stdout.write(text);
}

function resourcesOf(run: OfflineRun) {
    return Promise.all(run.resources.map(async ({ type, name, urn, parent, inputs }) => ({ type, name, urn, parent, inputs: await plain(inputs) })));
}

/** The stack outputs as `pulumi stack output` shows them: secrets masked. */
function shownOutputs(run: OfflineRun): Record<string, unknown> {
    return Object.fromEntries(Object.entries(run.outputs).map(([key, value]) => [key, run.secretOutputs.includes(key) ? "[secret]" : value]));
}

runMain(
    main,
    (err) => {
        const cause = err instanceof ProgramFailed ? err.cause : err;
        // A ProgramFailed's message also says where an error thrown inside an apply came from.
        const message = err instanceof Error ? err.message : String(err);
        if (cause instanceof ConfigError || cause instanceof UsageError || cause instanceof PriceError) return message;
        return `plan failed: ${process.env.STRONGROOM_DEBUG && cause instanceof Error ? cause.stack : message}`;
    },
    1,
);
