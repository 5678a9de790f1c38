// CIDR lists judged by the addresses they cover, not by how they are spelt: two /17 halves cover their /16, and
// 0.0.0.0/1 with 128.0.0.0/1 is the whole internet. Pure functions, no Pulumi.
import { parseCidr } from "./cidr";

/** An inclusive range of IPv4 addresses as unsigned 32-bit integers. */
export interface AddressRange {
    readonly first: number;
    readonly last: number;
}

/** The addresses of a CIDR block; undefined when it is not one. */
export function rangeOf(cidr: string): AddressRange | undefined {
    const parsed = parseCidr(cidr);
    if (!parsed) return undefined;
    return { first: parsed.base, last: parsed.base + 2 ** (32 - parsed.prefix) - 1 };
}

/** The ranges as few, sorted, disjoint ranges (touching ranges joined). Blocks that do not parse are skipped. */
export function unionOf(cidrs: readonly string[]): AddressRange[] {
    const ranges = cidrs
        .map(rangeOf)
        .filter((r): r is AddressRange => r !== undefined)
        .sort((a, b) => a.first - b.first);
    const merged: { first: number; last: number }[] = [];
    for (const r of ranges) {
        const top = merged[merged.length - 1];
        if (top && r.first <= top.last + 1) top.last = Math.max(top.last, r.last);
        else merged.push({ ...r });
    }
    return merged;
}

/** True when the blocks together contain every address of `target`. */
export function cidrsCover(blocks: readonly string[], target: string): boolean {
    const t = rangeOf(target);
    return t !== undefined && unionOf(blocks).some((r) => r.first <= t.first && r.last >= t.last);
}

/** True when the blocks together are the whole IPv4 internet, 0.0.0.0/0, however spelt. */
export function coverEverything(blocks: readonly string[]): boolean {
    return cidrsCover(blocks, "0.0.0.0/0");
}

/** True when the two blocks share at least one address. */
export function rangesOverlap(a: AddressRange, b: AddressRange): boolean {
    return a.first <= b.last && b.first <= a.last;
}
