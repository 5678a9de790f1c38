// How `plan --cost` prints an estimate: per component, its lines, then the total, the assumptions and the sources.
import { CostEstimate } from "./estimate";

export const money = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function renderCost(e: CostEstimate): string {
    const lines = [`Estimated monthly cost of stack ${e.stack} in ${e.region}: ${money(e.monthly)}`];
    lines.push(
        `(on-demand list prices in USD before tax and free tiers; price snapshot ${e.snapshotDate}; ${e.secrets} replicated secrets, --secrets to change)`,
        "",
    );
    const width = Math.max(...e.components.flatMap((c) => c.lines.map((l) => l.item.length)), 20);
    for (const c of [...e.components].sort((a, b) => b.monthly - a.monthly)) {
        lines.push(`${c.component} (${c.type.split(":").pop()})`.padEnd(width + 44) + money(c.monthly).padStart(11));
        for (const l of c.lines) {
            lines.push(`  ${l.item.padEnd(width)}  ${l.quantity.padEnd(40)}${money(l.monthly).padStart(11)}`);
            if (l.note) lines.push(`    ${l.note}`);
        }
    }
    lines.push("", `Total`.padEnd(width + 44) + money(e.monthly).padStart(11));
    if (e.unpriced.length > 0) {
        lines.push("", `NOT PRICED (no row in scripts/cost/rules.ts; the total leaves them out): ${e.unpriced.join(", ")}`);
    }
    lines.push("", "Assumed usage (scripts/cost/assumptions.ts):");
    for (const a of Object.values(e.assumptions)) lines.push(`  ${a.value} ${a.unit}: ${a.why}`);
    const unverified = e.prices.filter((p) => !p.verified).map((p) => p.key);
    lines.push("", `Prices used: ${e.prices.length}, each with its source and date in vendor/aws-prices/prices.json.`);
    if (unverified.length > 0) {
        lines.push(
            `Unverified estimates (no source found for ${e.region}; check them before relying on them): ${unverified.join(", ")}.`,
            `They price ${money(e.unverifiedMonthly)} of the ${money(e.monthly)} total.`,
        );
    }
    lines.push(`Free: ${e.free.map((f) => `${f.count} ${f.type.split(":").pop()}`).join(", ")}.`);
    return lines.join("\n") + "\n";
}
