// What each thing a plan places in a subnet needs from it, and whether every subnet holds it all. AWS keeps five
// addresses of every subnet (VPC User Guide, "Subnet CIDR blocks"). Needs, by what is placed:
// - Application Load Balancer: the subnet must be a /27 or larger with 8 free addresses, so it can scale
//   (ELB User Guide, "Subnets for your load balancer");
// - Network Load Balancer (the EKS internal one): one address per subnet (CreateLoadBalancer SubnetMappings);
// - EKS control plane: "at least six IP addresses for use by Amazon EKS"; 16 recommended, counted here
//   (EKS User Guide, "View Amazon EKS networking requirements for VPC and subnets");
// - EKS nodes: every pod takes a subnet address through the VPC CNI, up to interfaces x addresses per node, with a
//   node group upgrade's extra nodes at its peak (infra/node-addresses.ts);
// - EC2 Vault nodes: one each, plus one in each zone while an instance refresh replaces them;
// - interface VPC endpoints, NAT gateways: one each; a VPC Lambda: one per subnet (a Hyperplane interface per
//   subnet and security group, Lambda Developer Guide, "Connecting outbound networking to resources in a VPC").
import { parseCidr } from "../../infra/cidr";
import { nodeAddresses, nodesPerZoneDuringUpgrade } from "../../infra/node-addresses";
import { RecordedResource } from "../../scripts/offline/recorder";

export const ALB_MIN_PREFIX = 27;
const ALB_FREE = 8;
const EKS_CONTROL_PLANE = 16;

interface Placement {
    readonly what: string;
    readonly addresses: number;
}

const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** Each planned subnet's placements, by subnet id (`<logical name>-id` under the mock runtime). */
export function placements(resources: readonly RecordedResource[]): Map<string, Placement[]> {
    const bySubnet = new Map<string, Placement[]>();
    const place = (subnetIds: string[], what: string, addresses: (count: number) => number) =>
        subnetIds.forEach((id) => bySubnet.set(id, [...(bySubnet.get(id) ?? []), { what, addresses: addresses(subnetIds.length) }]));
    for (const r of resources) {
        const i = r.inputs;
        switch (r.type) {
            case "aws:lb/loadBalancer:LoadBalancer":
                place(ids(i.subnets), `${r.name} (ALB)`, () => ALB_FREE);
                break;
            case "aws:ec2/natGateway:NatGateway":
                place([i.subnetId], r.name, () => 1);
                break;
            case "aws:ec2/vpcEndpoint:VpcEndpoint":
                if (i.vpcEndpointType === "Interface") place(ids(i.subnetIds), r.name, () => 1);
                break;
            case "aws:lambda/function:Function":
                place(ids(i.vpcConfig?.subnetIds), r.name, () => 1);
                break;
            case "aws:eks/cluster:Cluster":
                place(ids(i.vpcConfig?.subnetIds), `${r.name} (control plane)`, () => EKS_CONTROL_PLANE);
                break;
            case "aws:eks/nodeGroup:NodeGroup":
                place(
                    ids(i.subnetIds),
                    `${r.name} (nodes and pods)`,
                    (zones) => nodesPerZoneDuringUpgrade(i.scalingConfig.desiredSize, zones) * nodeAddresses(i.instanceTypes[0]),
                );
                break;
            case "aws:autoscaling/group:Group":
                place(ids(i.vpcZoneIdentifiers), `${r.name} (Vault nodes)`, (zones) => Math.ceil(i.maxSize / zones) + 1);
                break;
        }
    }
    // The EKS internal load balancer: a Kubernetes Service AWS places in the subnets tagged for internal ELBs.
    const nlb = resources.some((r) => r.type === "kubernetes:core/v1:Service" && r.inputs.spec?.type === "LoadBalancer");
    if (nlb) {
        const tagged = resources.filter((r) => r.type === "aws:ec2/subnet:Subnet" && r.inputs.tags?.["kubernetes.io/role/internal-elb"] === "1");
        place(
            tagged.map((s) => `${s.name}-id`),
            "internal NLB",
            () => 1,
        );
    }
    return bySubnet;
}

/** Every planned subnet too small for what is placed in it. */
export function subnetProblems(resources: readonly RecordedResource[]): string[] {
    const problems: string[] = [];
    const placed = placements(resources);
    for (const subnet of resources.filter((r) => r.type === "aws:ec2/subnet:Subnet")) {
        const cidr = parseCidr(subnet.inputs.cidrBlock)!;
        const usable = 2 ** (32 - cidr.prefix) - 5;
        const here = placed.get(`${subnet.name}-id`) ?? [];
        const need = here.reduce((sum, p) => sum + p.addresses, 0);
        if (need > usable)
            problems.push(
                `${subnet.name} ${subnet.inputs.cidrBlock}: ${usable} usable addresses, ${need} needed (${here.map((p) => `${p.what} ${p.addresses}`).join(", ")})`,
            );
        if (here.some((p) => p.what.endsWith("(ALB)")) && cidr.prefix > ALB_MIN_PREFIX)
            problems.push(`${subnet.name} ${subnet.inputs.cidrBlock}: an Application Load Balancer needs a /${ALB_MIN_PREFIX} or larger`);
    }
    return problems;
}
