// Prices a recorded plan: every cloud resource through its row in the cost type table, summed per stack-level
// component. A type without a row is reported, never silently counted as free.
import { OfflineRun } from "../offline/recorder";
import { isCloudResource, PlanIndex } from "../offline/plan-index";
import { ASSUMPTIONS, Assumption } from "./assumptions";
import { PRICE_TABLE, RegionPrices, UsedPrice } from "./prices";
import { COST_RULES, CostLine } from "./rules";

export interface PricedLine extends CostLine {
    readonly resource: string;
    readonly type: string;
}

export interface ComponentCost {
    readonly component: string;
    readonly type: string;
    readonly monthly: number;
    readonly lines: PricedLine[];
}

export interface CostEstimate {
    readonly stack: string;
    readonly region: string;
    readonly currency: "USD";
    readonly snapshotDate: string;
    readonly asOf: string;
    readonly secrets: number;
    readonly monthly: number;
    readonly components: ComponentCost[];
    /** Types that cost nothing, with how many of each and why. */
    readonly free: { type: string; count: number; reason: string }[];
    /** Planned types the cost table has no row for: the total leaves them out. */
    readonly unpriced: string[];
    readonly prices: UsedPrice[];
    /** The part of `monthly` priced with at least one unverified figure (prices.json source "unverified"). */
    readonly unverifiedMonthly: number;
    readonly assumptions: Record<string, Assumption>;
}

export interface EstimateOptions {
    readonly secrets: number;
    readonly asOf: Date;
}

export function estimateCost(stack: string, region: string, run: OfflineRun, options: EstimateOptions): CostEstimate {
    const prices = new RegionPrices(region);
    const index = new PlanIndex(run);
    const ctx = { index, prices, secrets: options.secrets, asOf: options.asOf };
    const components = new Map<string, { type: string; lines: PricedLine[] }>();
    const free = new Map<string, { count: number; reason: string }>();
    const unpriced = new Set<string>();
    for (const r of run.resources.filter(isCloudResource)) {
        const rule = COST_RULES[r.type];
        if (!rule) {
            unpriced.add(r.type);
            continue;
        }
        if ("free" in rule) {
            free.set(r.type, { count: (free.get(r.type)?.count ?? 0) + 1, reason: rule.free });
            continue;
        }
        const owner = index.topComponent(r);
        const key = owner?.name ?? r.name;
        const entry = components.get(key) ?? { type: owner?.type ?? r.type, lines: [] };
        const short = r.name.replace(`strongroom-${stack}-`, "");
        entry.lines.push(...rule.price(r, ctx).map((line) => ({ ...line, item: `${short}: ${line.item}`, resource: r.name, type: r.type })));
        components.set(key, entry);
    }
    const priced = [...components].map(([component, { type, lines }]) => ({
        component,
        type,
        lines: collapse(lines),
        monthly: sum(lines.map((l) => l.monthly)),
    }));
    const used = [...prices.used.values()].sort((a, b) => a.key.localeCompare(b.key));
    const unverified = new Set(used.filter((p) => !p.verified).map((p) => p.key));
    const lines = priced.flatMap((c) => c.lines);
    return {
        stack,
        region,
        currency: "USD",
        snapshotDate: PRICE_TABLE.snapshotDate,
        asOf: options.asOf.toISOString().slice(0, 10),
        secrets: options.secrets,
        monthly: sum(priced.map((c) => c.monthly)),
        components: priced,
        free: [...free].map(([type, f]) => ({ type, ...f })).sort((a, b) => a.type.localeCompare(b.type)),
        unpriced: [...unpriced].sort(),
        prices: used,
        unverifiedMonthly: sum(lines.filter((l) => l.prices.some((k) => unverified.has(k))).map((l) => l.monthly)),
        assumptions: ASSUMPTIONS,
    };
}

/** Identical lines of same-typed resources (three alarms, five log groups) print once with a count. */
function collapse(lines: PricedLine[]): PricedLine[] {
    const groups = new Map<string, PricedLine[]>();
    for (const l of lines) {
        const key = `${l.type}|${l.item.replace(/^[^:]*: /, "")}|${l.quantity}`;
        groups.set(key, [...(groups.get(key) ?? []), l]);
    }
    return [...groups.values()].map((same) =>
        same.length === 1
            ? same[0]
            : {
                  ...same[0],
                  item: `${same.length} × ${same[0].item.replace(/^[^:]*: /, `${same[0].type.split(":").pop()}: `)}`,
                  monthly: sum(same.map((l) => l.monthly)),
              },
    );
}

function sum(values: number[]): number {
    return values.reduce((a, b) => a + b, 0);
}
