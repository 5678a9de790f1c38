// The vendored price snapshot (vendor/aws-prices/prices.json): one figure per price key and region, each naming the
// source it was read from and that source's date. No price API is reachable offline, so this file is the only input.
import TABLE from "../../vendor/aws-prices/prices.json";

export const PRICE_FILE = "vendor/aws-prices/prices.json";

export interface Source {
    readonly url: string;
    readonly date: string;
    /** The regions whose figures this source states (a figure may cite it only for one of these). */
    readonly regions: string[];
    readonly what: string;
}

/** The source of figures nobody could check against a stored copy of AWS's prices or a generated price table. */
export const UNVERIFIED = "unverified";

export interface PriceEntry {
    readonly unit: string;
    readonly what: string;
    readonly note?: string;
    readonly regions: Record<string, { usd: number; source: string }>;
}

export interface PriceTable {
    readonly snapshotDate: string;
    readonly hoursPerMonth: number;
    readonly regions: string[];
    readonly sources: Record<string, Source>;
    readonly prices: Record<string, PriceEntry>;
}

export const PRICE_TABLE: PriceTable = TABLE;

/** A figure as the estimate used it, with where it came from. */
export interface UsedPrice {
    readonly key: string;
    readonly usd: number;
    readonly unit: string;
    readonly source: string;
    readonly sourceDate: string;
    readonly verified: boolean;
}

export class PriceError extends Error {}

/** The prices of one region. Throws a PriceError naming the file and the fix for a region or key it lacks. */
export class RegionPrices {
    readonly used = new Map<string, UsedPrice>();

    constructor(
        readonly region: string,
        readonly table: PriceTable = PRICE_TABLE,
    ) {
        if (!table.regions.includes(region)) {
            throw new PriceError(
                `the price snapshot (${PRICE_FILE}, taken ${table.snapshotDate}) has no prices for region ${region}; it covers ${table.regions.join(", ")}. ` +
                    `Add ${region} to every price there (each figure with its source and date), or estimate a stack in a covered region.`,
            );
        }
    }

    get hoursPerMonth(): number {
        return this.table.hoursPerMonth;
    }

    price(key: string): UsedPrice {
        const figure = this.table.prices[key]?.regions[this.region];
        if (!figure) throw new PriceError(`no price "${key}" for ${this.region} in ${PRICE_FILE}; add it with its source and date`);
        const source = this.table.sources[figure.source];
        const used = {
            key,
            usd: figure.usd,
            unit: this.table.prices[key].unit,
            source: source.url,
            sourceDate: source.date,
            verified: figure.source !== UNVERIFIED,
        };
        this.used.set(key, used);
        return used;
    }

    /** The hourly on-demand price of an EC2 instance type. */
    instance(type: string): UsedPrice {
        if (!this.table.prices[`ec2.${type}`]) {
            const known = Object.keys(this.table.prices)
                .filter((k) => k.startsWith("ec2."))
                .map((k) => k.slice(4));
            throw new PriceError(
                `no on-demand price for instance type ${type} in ${PRICE_FILE} (it has ${known.join(", ")}); add "ec2.${type}" for every region with its source`,
            );
        }
        return this.price(`ec2.${type}`);
    }
}

/** Whole days from the snapshot date to `today`. */
export function snapshotAgeDays(today: Date, table: PriceTable = PRICE_TABLE): number {
    return Math.floor((today.getTime() - Date.parse(`${table.snapshotDate}T00:00:00Z`)) / 86_400_000);
}
