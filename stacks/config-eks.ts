// Config rules of the eks-raft layout's first deploy (#24): where `pulumi up` runs and whether it can reach the
// Kubernetes API, who may use the cluster, and whether the subnets hold what runs in them.
import { isAnywhere, parseCidr } from "../infra/cidr";
import { nodeAddresses, nodesPerZoneDuringUpgrade } from "../infra/node-addresses";
import type { ConfigIssue } from "./config-error";

/** The eks-raft fields these rules read; a field that failed its own check is undefined (and already reported). */
export interface EksFields {
    readonly vpcCidr?: string;
    readonly azCount?: number;
    readonly nodeGroupSize?: number;
    readonly nodeInstanceType?: string;
    readonly deployFrom?: "internet" | "vpc";
    readonly endpointPublicAccessCidrs?: string[];
    readonly endpointPrivateAccessCidrs?: string[];
    readonly clusterAdminRoleArns?: string[];
    readonly clusterViewerRoleArns?: string[];
}

/**
 * eks-raft: `pulumi up` talks to the Kubernetes API right after creating the cluster, so whoever runs it must reach
 * the endpoint at that moment; and the identity that previews pull requests must not be an admin.
 */
export function eksDeployIssues(c: EksFields, own: Record<string, string>, byo: boolean): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const add = (key: string, message: string) => issues.push({ key: `strongroom:${key}`, message });
    // A list that failed its own check is undefined here and already reported.
    const publicCidrs = c.endpointPublicAccessCidrs;
    const privateCidrs = c.endpointPrivateAccessCidrs;
    if (own.deployFrom === undefined) {
        add(
            "deployFrom",
            "is not set: say where `pulumi up` and `pulumi preview` run. `internet` (a hosted CI runner, a laptop): the API endpoint is public for strongroom:endpointPublicAccessCidrs only, so list the runner's egress ranges there; `vpc` (a runner inside the VPC or a network connected to it): needs strongroom:existingVpcId and strongroom:endpointPrivateAccessCidrs. Set it with `pulumi config set strongroom:deployFrom internet` (README, Before the first deploy)",
        );
    } else if (c.deployFrom === "internet" && publicCidrs?.length === 0) {
        add(
            "endpointPublicAccessCidrs",
            "is empty while strongroom:deployFrom is internet: nothing that runs `pulumi up` could reach the Kubernetes API. List the runner's egress ranges, e.g. `pulumi config set --path 'strongroom:endpointPublicAccessCidrs[0]' 203.0.113.0/24`, or deploy from inside the VPC (strongroom:deployFrom vpc)",
        );
    } else if (c.deployFrom === "vpc") {
        if (!byo) {
            add(
                "deployFrom",
                "is vpc, but this stack creates its VPC in the same `pulumi up`, so no runner can be inside it yet. Deploy the first time with `pulumi config set strongroom:deployFrom internet` and your runner's egress ranges in strongroom:endpointPublicAccessCidrs; once a runner runs in the VPC, switch to vpc (an in-place change). Or bring your own VPC (strongroom:existingVpcId)",
            );
        }
        if (privateCidrs?.length === 0) {
            add(
                "endpointPrivateAccessCidrs",
                "is empty while strongroom:deployFrom is vpc: EKS's cluster security group admits only the cluster itself, so a runner in the VPC is refused on 443. List the runner's subnet or VPN range, e.g. `pulumi config set --path 'strongroom:endpointPrivateAccessCidrs[0]' 10.30.1.0/24`",
            );
        }
    }
    privateCidrs?.forEach((block, i) => {
        if (isAnywhere(block)) add(`endpointPrivateAccessCidrs[${i}]`, "must not be 0.0.0.0/0: list the runner's and operators' networks");
    });
    const admins = new Set(c.clusterAdminRoleArns ?? []);
    (c.clusterViewerRoleArns ?? []).forEach((arn, i) => {
        if (admins.has(arn)) {
            add(
                `clusterViewerRoleArns[${i}]`,
                `${arn} is also in strongroom:clusterAdminRoleArns. A viewer (the CI preview role runs unreviewed pull-request code) must never be an admin: remove it from clusterAdminRoleArns`,
            );
        }
    });
    if (!byo && c.vpcCidr && c.azCount && c.nodeGroupSize && c.nodeInstanceType) {
        const usable = 2 ** (32 - parseCidr(c.vpcCidr)!.prefix - 3) - 5;
        const need = privateSubnetNeed(c.nodeGroupSize, c.azCount, c.nodeInstanceType);
        if (need > usable) {
            add(
                "vpcCidr",
                `${c.vpcCidr} gives each zone a private subnet of ${usable} usable addresses, but eks-raft with ${c.nodeGroupSize} ${c.nodeInstanceType} nodes over ${c.azCount} zones needs up to ${need} there (every pod takes a subnet address, a node holds up to ${nodeAddresses(c.nodeInstanceType)}, and an upgrade adds nodes while it rolls). Use a larger block (a smaller prefix), e.g. /${parseCidr(c.vpcCidr)!.prefix - 1}`,
            );
        }
    }
    return issues;
}

/** Addresses one zone's private subnet must have free on eks-raft: nodes (pods) at an upgrade's peak, endpoints, EKS, NLB, Lambda. */
function privateSubnetNeed(nodes: number, zones: number, instanceType: string): number {
    const interfaceEndpoints = 5;
    const eksControlPlane = 16; // "at least six IP addresses for use by Amazon EKS", 16 recommended (network requirements)
    const loadBalancerAndFunction = 2;
    return nodesPerZoneDuringUpgrade(nodes, zones) * nodeAddresses(instanceType) + interfaceEndpoints + eksControlPlane + loadBalancerAndFunction;
}
