// The README's cost table: every shipped and example stack, estimated with the defaults. Run this file to print it
// (`npx tsx scripts/cost/readme-table.ts`); test/scripts/cost.test.ts fails when the README's copy drifts.
import { strongroom } from "../../stacks/program";
import { runOffline } from "../offline/recorder";
import { readStackConfig, shippedStacks } from "../offline/stacks";
import { DEFAULT_SECRETS } from "./assumptions";
import { estimateCost } from "./estimate";
import { money } from "./render";

export async function costTable(asOf: Date): Promise<string> {
    const rows = ["| stack | region | layout | per month | of it on unverified prices | largest parts |", "|---|---|---|---|---|---|"];
    for (const stack of shippedStacks()) {
        const config = readStackConfig(stack);
        const estimate = estimateCost(stack, config["aws:region"], await runOffline(strongroom, stack, config), { secrets: DEFAULT_SECRETS, asOf });
        const byType = new Map<string, number>();
        for (const l of estimate.components.flatMap((c) => c.lines)) byType.set(l.type, (byType.get(l.type) ?? 0) + l.monthly);
        const parts = [...byType]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 4)
            .map(([type, monthly]) => `${type.split(":").pop()} ${money(monthly)}`);
        const unverified = estimate.prices.filter((p) => !p.verified).length;
        const shaky = `${money(estimate.unverifiedMonthly)} (${unverified} of ${estimate.prices.length} prices)`;
        rows.push(`| \`${stack}\` | ${estimate.region} | ${config["strongroom:layout"]} | ${money(estimate.monthly)} | ${shaky} | ${parts.join("; ")} |`);
    }
    return rows.join("\n") + "\n";
}

if (require.main === module) costTable(new Date()).then((t) => process.stdout.write(t));
