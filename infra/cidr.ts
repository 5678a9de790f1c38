// IPv4 CIDR arithmetic for subnet planning and config checks. Pure functions, no Pulumi.

export interface Ipv4Cidr {
    /** Network address as an unsigned 32-bit integer. */
    readonly base: number;
    readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined for anything else, including host bits set (`10.0.0.1/16`). */
export function parseCidr(text: string): Ipv4Cidr | undefined {
    const match = CIDR_PATTERN.exec(text.trim());
    if (!match) return undefined;
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    if ((address & hostMask(prefix)) !== 0) return undefined;
    return { base: address, prefix };
}

export function formatCidr(cidr: Ipv4Cidr): string {
    const b = cidr.base;
    return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${cidr.prefix}`;
}

/** Like Terraform's cidrsubnet(): the netnum-th block of `prefix + newBits` bits inside `parent`. */
export function cidrSubnet(parent: string, newBits: number, netNum: number): string {
    const p = parseCidr(parent);
    if (!p) throw new Error(`not an IPv4 CIDR: ${parent}`);
    const prefix = p.prefix + newBits;
    if (prefix > 32 || netNum < 0 || netNum >= 2 ** newBits) {
        throw new Error(`cannot take block ${netNum} of /${prefix} inside ${parent}`);
    }
    const base = (p.base + netNum * 2 ** (32 - prefix)) >>> 0;
    return formatCidr({ base, prefix });
}

export function cidrsOverlap(a: string, b: string): boolean {
    const x = parseCidr(a);
    const y = parseCidr(b);
    if (!x || !y) return false;
    const prefix = Math.min(x.prefix, y.prefix);
    const mask = ~hostMask(prefix) >>> 0;
    return (x.base & mask) >>> 0 === (y.base & mask) >>> 0;
}

/** True when `outer` contains all of `inner`. */
export function cidrContains(outer: string, inner: string): boolean {
    const o = parseCidr(outer);
    const i = parseCidr(inner);
    return o !== undefined && i !== undefined && o.prefix <= i.prefix && cidrsOverlap(outer, inner);
}

/** True for 0.0.0.0/0: the whole internet. */
export function isAnywhere(cidr: string): boolean {
    return parseCidr(cidr)?.prefix === 0;
}

function hostMask(prefix: number): number {
    return prefix === 0 ? 0xffffffff : (2 ** (32 - prefix) - 1) >>> 0;
}
