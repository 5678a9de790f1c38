// Who may talk to whom: clients -> ALB 443 (80 only to redirect), ALB -> Vault 8200, Vault <-> Vault 8201.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface VaultSecurityGroupsArgs {
    readonly vpcId: pulumi.Input<string>;
    /** Client networks allowed to reach the load balancer. */
    readonly allowedCidrs: string[];
}

export class VaultSecurityGroups extends pulumi.ComponentResource {
    readonly loadBalancerSgId: pulumi.Output<string>;
    readonly nodeSgId: pulumi.Output<string>;

    constructor(name: string, args: VaultSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:vault-ec2:SecurityGroups", name, {}, opts);
        const parent = { parent: this };
        const lb = new aws.ec2.SecurityGroup(`${name}-lb`, { vpcId: args.vpcId, description: "Vault load balancer: HTTPS from allowed clients" }, parent);
        const node = new aws.ec2.SecurityGroup(
            `${name}-node`,
            { vpcId: args.vpcId, description: "Vault nodes: API from the load balancer, cluster traffic between nodes" },
            parent,
        );
        const ingress = (rule: string, args: aws.vpc.SecurityGroupIngressRuleArgs) => new aws.vpc.SecurityGroupIngressRule(`${name}-${rule}`, args, parent);
        const egress = (rule: string, args: aws.vpc.SecurityGroupEgressRuleArgs) => new aws.vpc.SecurityGroupEgressRule(`${name}-${rule}`, args, parent);

        args.allowedCidrs.forEach((cidr, i) => {
            ingress(`lb-https-${i}`, { securityGroupId: lb.id, cidrIpv4: cidr, ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "Vault clients" });
            ingress(`lb-http-${i}`, {
                securityGroupId: lb.id,
                cidrIpv4: cidr,
                ipProtocol: "tcp",
                fromPort: 80,
                toPort: 80,
                description: "Redirected to HTTPS",
            });
        });
        egress("lb-to-nodes", {
            securityGroupId: lb.id,
            referencedSecurityGroupId: node.id,
            ipProtocol: "tcp",
            fromPort: 8200,
            toPort: 8200,
            description: "Forward to Vault and health checks",
        });

        ingress("node-api", {
            securityGroupId: node.id,
            referencedSecurityGroupId: lb.id,
            ipProtocol: "tcp",
            fromPort: 8200,
            toPort: 8200,
            description: "Vault API from the load balancer",
        });
        ingress("node-cluster", {
            securityGroupId: node.id,
            referencedSecurityGroupId: node.id,
            ipProtocol: "tcp",
            fromPort: 8201,
            toPort: 8201,
            description: "Request forwarding between Vault nodes",
        });
        egress("node-cluster", {
            securityGroupId: node.id,
            referencedSecurityGroupId: node.id,
            ipProtocol: "tcp",
            fromPort: 8201,
            toPort: 8201,
            description: "Request forwarding between Vault nodes",
        });
        // HTTPS out: the Vault release and OS packages via NAT; KMS, STS and Logs via interface endpoints and
        // DynamoDB via its gateway endpoint (whose addresses are public prefixes, hence not just the VPC CIDR).
        egress("node-https", {
            securityGroupId: node.id,
            cidrIpv4: "0.0.0.0/0",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            description: "Release download, OS packages, AWS APIs",
        });

        this.loadBalancerSgId = lb.id;
        this.nodeSgId = node.id;
        this.registerOutputs({ loadBalancerSgId: this.loadBalancerSgId, nodeSgId: this.nodeSgId });
    }

    /** Lets another security group (the health probe's) ask each node's API directly. */
    allowNodeApi(name: string, sourceSgId: pulumi.Input<string>): void {
        new aws.vpc.SecurityGroupIngressRule(
            name,
            {
                securityGroupId: this.nodeSgId,
                referencedSecurityGroupId: sourceSgId,
                ipProtocol: "tcp",
                fromPort: 8200,
                toPort: 8200,
                description: "Vault API of each node, for the health probe",
            },
            { parent: this },
        );
    }

    /** Lets another security group (the replication function's) call Vault through the load balancer. */
    allowClientGroup(name: string, sourceSgId: pulumi.Input<string>): void {
        new aws.vpc.SecurityGroupIngressRule(
            name,
            {
                securityGroupId: this.loadBalancerSgId,
                referencedSecurityGroupId: sourceSgId,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                description: "Vault API from a Strongroom function",
            },
            { parent: this },
        );
    }
}
