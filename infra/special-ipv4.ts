// IPv4 blocks that are not public internet addresses: IANA's IPv4 Special-Purpose Address Registry (RFC 6890,
// https://www.iana.org/assignments/iana-ipv4-special-registry/) plus multicast (RFC 5771) and the reserved class E
// block (RFC 1112, section 4). EKS refuses public endpoint CIDRs that "include reserved addresses"
// (https://docs.aws.amazon.com/eks/latest/userguide/config-cluster-endpoint.html, linking to this same list).
// Pure, no Pulumi.
import { AddressRange, rangeOf, rangesOverlap } from "./cidr-ranges";

export type SpecialUse =
    "this network" | "private" | "shared" | "loopback" | "link-local" | "protocol" | "documentation" | "relay" | "benchmarking" | "multicast" | "reserved";

export interface SpecialBlock {
    readonly cidr: string;
    readonly use: SpecialUse;
    readonly name: string;
    readonly rfc: string;
}

export const SPECIAL_IPV4: readonly SpecialBlock[] = [
    { cidr: "0.0.0.0/8", use: "this network", name: '"this" network', rfc: "RFC 1122" },
    { cidr: "10.0.0.0/8", use: "private", name: "private-use", rfc: "RFC 1918" },
    { cidr: "100.64.0.0/10", use: "shared", name: "shared address space (carrier-grade NAT)", rfc: "RFC 6598" },
    { cidr: "127.0.0.0/8", use: "loopback", name: "loopback", rfc: "RFC 1122" },
    { cidr: "169.254.0.0/16", use: "link-local", name: "link-local", rfc: "RFC 3927" },
    { cidr: "172.16.0.0/12", use: "private", name: "private-use", rfc: "RFC 1918" },
    { cidr: "192.0.0.0/24", use: "protocol", name: "IETF protocol assignments", rfc: "RFC 6890" },
    { cidr: "192.0.2.0/24", use: "documentation", name: "documentation (TEST-NET-1)", rfc: "RFC 5737" },
    { cidr: "192.88.99.0/24", use: "relay", name: "6to4 relay anycast", rfc: "RFC 7526" },
    { cidr: "192.168.0.0/16", use: "private", name: "private-use", rfc: "RFC 1918" },
    { cidr: "198.18.0.0/15", use: "benchmarking", name: "benchmarking", rfc: "RFC 2544" },
    { cidr: "198.51.100.0/24", use: "documentation", name: "documentation (TEST-NET-2)", rfc: "RFC 5737" },
    { cidr: "203.0.113.0/24", use: "documentation", name: "documentation (TEST-NET-3)", rfc: "RFC 5737" },
    { cidr: "224.0.0.0/4", use: "multicast", name: "multicast", rfc: "RFC 5771" },
    { cidr: "240.0.0.0/4", use: "reserved", name: "reserved for future use (and the limited broadcast address)", rfc: "RFC 1112" },
];

/** The special-purpose blocks a CIDR block shares addresses with, in table order. */
export function specialBlocksIn(cidr: string): SpecialBlock[] {
    const range = rangeOf(cidr);
    if (!range) return [];
    return SPECIAL_IPV4.filter((s) => rangesOverlap(range, rangeOf(s.cidr) as AddressRange));
}

/** The documentation block (RFC 5737) that holds all of `cidr`, if any: an example address, never a real network. */
export function documentationBlockOf(cidr: string): SpecialBlock | undefined {
    const range = rangeOf(cidr);
    if (!range) return undefined;
    return SPECIAL_IPV4.find((s) => {
        const r = rangeOf(s.cidr) as AddressRange;
        return s.use === "documentation" && r.first <= range.first && r.last >= range.last;
    });
}
