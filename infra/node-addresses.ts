// How many private addresses an EKS node can take from its subnet. The VPC CNI gives every pod an address of the
// subnet and keeps spare ones per node (a whole warm network interface by default), so a node can hold up to
// (network interfaces x IPv4 addresses per interface) of them. Limits by size for the general-purpose, compute- and
// memory-optimised families (m, c, r, 5th generation and later; Graviton alike), and for burstable t types:
// EC2 User Guide, "Maximum IP addresses per network interface"
// (https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html#gp_network), and amazon-eks-ami's eni-max-pods.txt.
// A planning figure, not a promise; pure.

const BY_SIZE: Record<string, [interfaces: number, perInterface: number]> = {
    nano: [2, 2],
    micro: [2, 2],
    small: [3, 4],
    medium: [3, 6],
    large: [3, 10],
    xlarge: [4, 15],
    "2xlarge": [4, 15],
    "4xlarge": [8, 30],
    "8xlarge": [8, 30],
    "12xlarge": [8, 30],
    "16xlarge": [15, 50],
    "24xlarge": [15, 50],
    metal: [15, 50],
};

/** The most subnet addresses one node of `instanceType` can hold (its own included); the largest size if unknown. */
export function nodeAddresses(instanceType: string): number {
    const size = instanceType.split(".")[1] ?? "";
    const [interfaces, perInterface] = BY_SIZE[size] ?? BY_SIZE["16xlarge"];
    return interfaces * perInterface;
}

/**
 * Nodes one zone may hold at once: its share of the group, plus what a managed node group upgrade adds while it
 * rolls (up to twice the zone count, spread over the zones: two per zone).
 * https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html (scale up phase)
 */
export function nodesPerZoneDuringUpgrade(nodeCount: number, zones: number): number {
    return Math.ceil(nodeCount / zones) + 2;
}
