// CIDR lists judged by the addresses they cover, not by how they are spelt: a list whose blocks together are
// 0.0.0.0/0 (0.0.0.0/1 + 128.0.0.0/1) gets the verdict 0.0.0.0/0 gets, and the EKS public endpoint refuses blocks
// holding reserved addresses. (Coverage of the VPC by allowedCidrs, also judged by union, is in config.ts.)
import { isAnywhere } from "../infra/cidr";
import { coverEverything } from "../infra/cidr-ranges";
import { documentationBlockOf, specialBlocksIn } from "../infra/special-ipv4";
import type { ConfigIssue } from "./config-error";

export interface CidrListFields {
    readonly layout: string;
    readonly allowedCidrs?: string[];
    readonly loadBalancerScheme?: string;
    readonly endpointPublicAccessCidrs?: string[];
    readonly endpointPrivateAccessCidrs?: string[];
}

export function cidrListIssues(c: CidrListFields): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    // One 0.0.0.0/0 entry is reported by its own rule (config.ts, config-eks.ts); these catch the same addresses
    // spelt as several blocks.
    const together = (key: string, list: string[] | undefined, why: string) => {
        if (list && !list.some(isAnywhere) && coverEverything(list)) {
            issues.push({ key: `strongroom:${key}`, message: `${list.join(", ")} together cover 0.0.0.0/0, every IPv4 address: ${why}` });
        }
    };
    if (c.layout === "ec2-dynamodb" && c.loadBalancerScheme === "internal") {
        together("allowedCidrs", c.allowedCidrs, "the internet on an internal load balancer; list the networks that reach Vault");
    }
    if (c.layout === "eks-raft") {
        together("endpointPublicAccessCidrs", c.endpointPublicAccessCidrs, "list your office or CI ranges, or leave the list empty for a private endpoint");
        together("endpointPrivateAccessCidrs", c.endpointPrivateAccessCidrs, "list the runner's and operators' networks");
        issues.push(...reservedInPublicEndpoint(c.endpointPublicAccessCidrs));
    }
    return issues;
}

/**
 * EKS: a public access CIDR "cannot include reserved addresses"
 * (https://docs.aws.amazon.com/eks/latest/userguide/config-cluster-endpoint.html). A block inside a documentation
 * range (RFC 5737) is a placeholder and only warned about (config-warnings.ts): the shipped prod uses one.
 */
function reservedInPublicEndpoint(list: string[] | undefined): ConfigIssue[] {
    if (!list || list.some(isAnywhere) || coverEverything(list)) return [];
    return list.flatMap((block, i) => {
        if (documentationBlockOf(block)) return [];
        const reserved = specialBlocksIn(block);
        if (reserved.length === 0) return [];
        const which = reserved.map((s) => `${s.cidr} ${s.name}, ${s.rfc}`).join("; ");
        return [
            {
                key: `strongroom:endpointPublicAccessCidrs[${i}]`,
                message: `${block} holds addresses that are not on the public internet (${which}); EKS refuses reserved addresses in a public access CIDR. List the public egress addresses of your runners; networks inside the VPC or connected to it go in strongroom:endpointPrivateAccessCidrs`,
            },
        ];
    });
}
