// The offline plan: runs a stack's real program under Pulumi's mock runtime and prints what it would create.
//   npm run plan -- [--stack dev] [--json]
import { ConfigError } from "../stacks/config";
import { strongroom } from "../stacks/program";
import { plain } from "./offline/plain";
import { renderPlan } from "./offline/render";
import { ProgramFailed, runOffline } from "./offline/recorder";
import { readStackConfig } from "./offline/stacks";
import { judge, renderVerdicts } from "./offline/verdicts";

interface PlanArgs {
    stack: string;
    json: boolean;
}

function parseArgs(argv: string[]): PlanArgs {
    const args: PlanArgs = { stack: "dev", json: false };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--json") args.json = true;
        else if (argv[i] === "--stack" && argv[i + 1]) args.stack = argv[++i];
        else if (argv[i].startsWith("--stack=")) args.stack = argv[i].slice("--stack=".length);
        else throw new Error(`unknown argument ${argv[i]}; usage: npm run plan -- [--stack <name>] [--json]`);
    }
    return args;
}

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    const started = Date.now();
    const run = await runOffline(strongroom, args.stack, readStackConfig(args.stack));
    if (args.json) {
        const resources = await Promise.all(run.resources.map(async ({ type, name, urn, parent, inputs }) => ({ type, name, urn, parent, inputs: await plain(inputs) })));
        process.stdout.write(JSON.stringify(resources, null, 2) + "\n");
        return 0;
    }
    const verdicts = await judge(run);
    process.stdout.write(renderPlan(args.stack, run));
    process.stdout.write(renderVerdicts(verdicts));
    process.stdout.write(`\nplanned offline in ${((Date.now() - started) / 1000).toFixed(1)} s (mock runtime: no cloud calls were made)\n`);
    // A mandatory violation blocks, as it would in `pulumi preview --policy-pack policies`.
    return verdicts.some((v) => v.enforcementLevel === "mandatory") ? 2 : 0;
}

main().then(
    (code) => process.exit(code),
    (err) => {
        const cause = err instanceof ProgramFailed ? err.cause : err;
        const detail = cause instanceof Error ? (process.env.PLAN_DEBUG ? cause.stack : cause.message) : String(cause);
        process.stderr.write(cause instanceof ConfigError ? `${cause.message}\n` : `plan failed: ${detail}\n`);
        process.exit(1);
    },
);
