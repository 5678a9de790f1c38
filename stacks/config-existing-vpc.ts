// With strongroom:existingVpcId the VPC's ranges are not in config: they are read from AWS (a lookup, which
// `pulumi preview` makes too) before any resource is registered, and eks-raft's rules that involve them are checked
// then: the service range must miss every block of the VPC (EKS: "Doesn't overlap with any CIDR block assigned to
// the VPC", https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html), and the
// internal load balancer's sources (allowedCidrs) must cover the private subnets the replication function runs in.
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { cidrsCover } from "../infra/cidr-ranges";
import type { StackConfig } from "./config";
import { ConfigError, ConfigIssue } from "./config-error";
import { serviceCidrInExistingVpc } from "./config-service-cidr";

export async function refuseClashesWithExistingVpc(c: StackConfig, opts: pulumi.InvokeOptions): Promise<void> {
    if (c.layout !== "eks-raft" || !c.existingVpcId) return;
    const vpc = await aws.ec2.getVpc({ id: c.existingVpcId }, opts);
    const blocks = [...new Set([vpc.cidrBlock, ...(vpc.cidrBlockAssociations ?? []).map((a) => a.cidrBlock)].filter((b): b is string => Boolean(b)))];
    const issues: ConfigIssue[] = [...serviceCidrInExistingVpc(c.serviceCidr, c.existingVpcId, blocks)];
    if (c.replicationEnabled && c.internalLoadBalancer) {
        const subnets = await Promise.all((c.existingPrivateSubnetIds ?? []).map((id) => aws.ec2.getSubnet({ id }, opts)));
        const missed = subnets.filter((s) => !cidrsCover(c.allowedCidrs, s.cidrBlock));
        if (missed.length > 0) {
            issues.push({
                key: "strongroom:allowedCidrs",
                message: `does not cover ${missed.map((s) => `${s.id} (${s.cidrBlock})`).join(", ")} of strongroom:existingPrivateSubnetIds: the replication function runs there and reaches Vault through the internal load balancer, which admits only allowedCidrs. Add ${missed.map((s) => s.cidrBlock).join(", ")} (or the VPC's ${blocks.join(", ")})`,
            });
        }
    }
    if (issues.length > 0) throw new ConfigError(c.stack, issues);
}
