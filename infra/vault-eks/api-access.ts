// Who can reach the Kubernetes API endpoint, by network. The public endpoint admits only endpointPublicAccessCidrs.
// The private endpoint sits behind security groups: EKS's own cluster security group admits only itself (nodes and
// the control plane), so a runner, bastion or VPN client inside the VPC is refused unless a group on the control
// plane's network interfaces admits it on 443. This group is that one: attached to the cluster, one rule per
// endpointPrivateAccessCidrs entry. ("You must ensure that your Amazon EKS control plane security group contains
// rules to allow ingress traffic on port 443 from your bastion host": cluster-endpoint.adoc, Accessing a private only
// API server; https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html.)
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ApiAccessArgs {
    readonly vpcId: pulumi.Input<string>;
    /** Networks inside the VPC or connected to it (VPN, peering, transit gateway) that reach the private endpoint. */
    readonly privateCidrs: string[];
}

/** The security group for the control plane's interfaces; created even with no rules so the cluster never changes. */
export function apiAccessGroup(name: string, args: ApiAccessArgs, parent: pulumi.Resource): aws.ec2.SecurityGroup {
    const group = new aws.ec2.SecurityGroup(
        `${name}-api-access`,
        { vpcId: args.vpcId, description: "Kubernetes API (443) from the networks that deploy and operate Vault" },
        { parent },
    );
    args.privateCidrs.forEach((cidrIpv4, i) => {
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-api-access-${i}`,
            { securityGroupId: group.id, cidrIpv4, ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "Kubernetes API for pulumi up and operators" },
            { parent },
        );
    });
    return group;
}
