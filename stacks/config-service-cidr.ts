// eks-raft's strongroom:serviceCidr, as EKS checks serviceIpv4Cidr when it creates the cluster: "Within one of the
// following private IP address blocks: 10.0.0.0/8, 172.16.0.0/12, or 192.168.0.0/16. Doesn't overlap with any CIDR
// block assigned to the VPC that you selected for VPC. Between /24 and /12."
// (https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html)
// It cannot be changed once the cluster exists, so a mistake found at create time costs a cluster.
import { cidrContains, cidrsOverlap, parseCidr } from "../infra/cidr";
import type { ConfigIssue } from "./config-error";

export const SERVICE_CIDR_PRIVATE_BLOCKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;
export const SERVICE_CIDR_PREFIXES = { widest: 12, narrowest: 24 } as const;

const KEY = "strongroom:serviceCidr";

/** What EKS refuses in a service CIDR on its own, and its overlap with the VPC this stack creates (`vpcCidr`). */
export function serviceCidrIssues(serviceCidr: string | undefined, vpcCidr: string | undefined): ConfigIssue[] {
    const parsed = serviceCidr === undefined ? undefined : parseCidr(serviceCidr);
    if (!parsed) return [];
    const issues: ConfigIssue[] = [];
    const add = (message: string) => issues.push({ key: KEY, message: `${serviceCidr} ${message}` });
    if (parsed.prefix < SERVICE_CIDR_PREFIXES.widest || parsed.prefix > SERVICE_CIDR_PREFIXES.narrowest) {
        add(
            `is a /${parsed.prefix}, but EKS takes a service range between /${SERVICE_CIDR_PREFIXES.narrowest} and /${SERVICE_CIDR_PREFIXES.widest}, e.g. ${freeServiceCidr(vpcCidr ? [vpcCidr] : [])}`,
        );
    }
    if (!SERVICE_CIDR_PRIVATE_BLOCKS.some((block) => cidrContains(block, serviceCidr!))) {
        add(
            `is not inside ${SERVICE_CIDR_PRIVATE_BLOCKS.join(", ")}, the private blocks EKS takes a service range from; pick one there, e.g. ${freeServiceCidr(vpcCidr ? [vpcCidr] : [])}`,
        );
    }
    if (vpcCidr && cidrsOverlap(serviceCidr!, vpcCidr)) {
        add(`overlaps strongroom:vpcCidr ${vpcCidr}; pick a range outside the VPC, e.g. ${freeServiceCidr([vpcCidr])}`);
    }
    return issues;
}

/** The service range against every block of an existing VPC (read at deploy time: its primary and secondary CIDRs). */
export function serviceCidrInExistingVpc(serviceCidr: string, vpcId: string, vpcBlocks: readonly string[]): ConfigIssue[] {
    const clash = vpcBlocks.filter((block) => cidrsOverlap(serviceCidr, block));
    if (clash.length === 0) return [];
    return [
        {
            key: KEY,
            message: `${serviceCidr} overlaps ${clash.join(", ")} of strongroom:existingVpcId ${vpcId}; EKS refuses a service range inside the cluster's VPC. Pick one outside every block of that VPC, e.g. \`pulumi config set ${KEY} ${freeServiceCidr(vpcBlocks)}\``,
        },
    ];
}

/** EKS's own default ranges first, then other private /16s: the first that overlaps none of `taken`. */
function freeServiceCidr(taken: readonly string[]): string {
    const candidates = ["172.20.0.0/16", "10.100.0.0/16", "192.168.0.0/16", "172.16.0.0/16", "10.200.0.0/16"];
    return candidates.find((c) => taken.every((t) => !cidrsOverlap(c, t))) ?? "a private /16 outside the VPC";
}
