// The VPC Vault lives in: private subnets for Vault and the replication function, public subnets only for the
// load balancer and NAT, and VPC endpoints so AWS API calls never leave the VPC.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cidrSubnet } from "./cidr";

/** Interface endpoints: KMS (auto-unseal), Secrets Manager and SNS (replication), STS (IAM auth, IRSA), Logs. */
export const INTERFACE_ENDPOINT_SERVICES = ["kms", "secretsmanager", "sts", "logs", "sns"] as const;
/** Interface endpoints only some stacks need: SQS for the replication function's audit-event queue. */
export type OptionalEndpointService = "sqs";
/** Gateway endpoints cost nothing: DynamoDB (Vault storage) and S3 (OS packages, backups). */
export const GATEWAY_ENDPOINT_SERVICES = ["dynamodb", "s3"] as const;

export type NetworkArgs = NewNetworkArgs | ExistingNetworkArgs;

export interface NewNetworkArgs {
    readonly mode: "create";
    /** The VPC's IPv4 block, /16 to /22. */
    readonly cidrBlock: string;
    /** How many availability zones to span (one private and one public subnet each). */
    readonly azCount: number;
    /** One NAT gateway per zone (survives a zone loss), or a single one (cheaper, for dev). */
    readonly natGateways: "perAz" | "single";
    /** Interface endpoints besides the standard ones. Default: none. */
    readonly extraEndpoints?: readonly OptionalEndpointService[];
}

export interface ExistingNetworkArgs {
    readonly mode: "existing";
    readonly vpcId: string;
    readonly privateSubnetIds: string[];
    /** Needed only for an internet-facing load balancer. Default: none. */
    readonly publicSubnetIds?: string[];
    /**
     * "create": add the interface endpoints (private DNS) to the VPC; "present": it has them already. Without them
     * the replication function, whose security group reaches only the VPC, cannot reach AWS.
     */
    readonly endpoints: "create" | "present";
    /** Interface endpoints besides the standard ones, made with `create`. Default: none. */
    readonly extraEndpoints?: readonly OptionalEndpointService[];
}

/**
 * Splits a VPC block (/16 to /22, up to 6 zones): private subnets take the first eighths; public ones the last
 * sixty-fourths, or, where a sixty-fourth is smaller than /27 (a /22 VPC), thirty-seconds right after the private
 * eighths: an Application Load Balancer needs a /27 with 8 free addresses in every subnet it uses
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer).
 * Blocks of VPCs /16 to /21 are unchanged from the first plan, so existing stacks keep their subnets.
 */
export function subnetPlan(vpcCidr: string, azCount: number): { privateCidrs: string[]; publicCidrs: string[] } {
    const zones = [...Array(azCount).keys()];
    const prefix = Number(vpcCidr.split("/")[1]);
    const publicBits = Math.min(6, MIN_PUBLIC_PREFIX - prefix);
    const publicBase = publicBits === 6 ? 56 : 6 * 2 ** (publicBits - 3);
    return {
        privateCidrs: zones.map((i) => cidrSubnet(vpcCidr, 3, i)),
        publicCidrs: zones.map((i) => cidrSubnet(vpcCidr, publicBits, publicBase + i)),
    };
}

/** The smallest public subnet: an ALB's minimum. */
const MIN_PUBLIC_PREFIX = 27;

export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    /** The IPv4 blocks of the private and public subnets, in the same order as their ids. */
    readonly privateSubnetCidrs: pulumi.Output<string[]>;
    readonly publicSubnetCidrs: pulumi.Output<string[]>;
    /** The zone of each private subnet, in the same order. */
    readonly availabilityZones: pulumi.Output<string[]>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:infra:Network", name, {}, opts);
        const built = args.mode === "create" ? this.create(name, args) : this.adopt(name, args);
        this.vpcId = built.vpcId;
        this.vpcCidr = built.vpcCidr;
        this.privateSubnetIds = built.privateSubnetIds;
        this.publicSubnetIds = built.publicSubnetIds;
        this.privateSubnetCidrs = built.privateSubnetCidrs;
        this.publicSubnetCidrs = built.publicSubnetCidrs;
        this.availabilityZones = built.availabilityZones;
        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            publicSubnetIds: this.publicSubnetIds,
            availabilityZones: this.availabilityZones,
        });
    }

    private create(name: string, args: NewNetworkArgs) {
        const parent = { parent: this };
        const zones = aws.getAvailabilityZonesOutput({ state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] }, parent);
        const azs = [...Array(args.azCount).keys()].map((i) =>
            zones.names.apply((names) => {
                if (names.length < args.azCount) throw new Error(`strongroom:azCount is ${args.azCount}, but the region has only ${names.length} zones`);
                return names[i];
            }),
        );
        const plan = subnetPlan(args.cidrBlock, args.azCount);
        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            { cidrBlock: args.cidrBlock, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: name } },
            parent,
        );
        // The default security group allows all traffic between its members; empty it so nothing relies on it.
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id }, parent);
        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id }, parent);

        const publicRoutes = new aws.ec2.RouteTable(`${name}-public`, { vpcId: vpc.id }, parent);
        new aws.ec2.Route(`${name}-public-default`, { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, parent);
        const publicSubnets = azs.map((az, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-public-${i}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: plan.publicCidrs[i],
                    availabilityZone: az,
                    mapPublicIpOnLaunch: false,
                    tags: { Name: `${name}-public-${i}`, "kubernetes.io/role/elb": "1" },
                },
                parent,
            );
            new aws.ec2.RouteTableAssociation(`${name}-public-${i}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, parent);
            return subnet;
        });

        // NAT lets nodes fetch the Vault release and OS updates; AWS APIs go through the endpoints below instead.
        const natCount = args.natGateways === "perAz" ? args.azCount : 1;
        const nats = [...Array(natCount).keys()].map((i) => {
            const eip = new aws.ec2.Eip(`${name}-nat-${i}`, { domain: "vpc" }, parent);
            return new aws.ec2.NatGateway(`${name}-nat-${i}`, { allocationId: eip.id, subnetId: publicSubnets[i].id }, { parent: this, dependsOn: [igw] });
        });
        const privateRouteTables: aws.ec2.RouteTable[] = [];
        const privateSubnets = azs.map((az, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-private-${i}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: plan.privateCidrs[i],
                    availabilityZone: az,
                    mapPublicIpOnLaunch: false,
                    tags: { Name: `${name}-private-${i}`, "kubernetes.io/role/internal-elb": "1" },
                },
                parent,
            );
            const routes = new aws.ec2.RouteTable(`${name}-private-${i}`, { vpcId: vpc.id }, parent);
            new aws.ec2.Route(
                `${name}-private-${i}-default`,
                { routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nats[Math.min(i, natCount - 1)].id },
                parent,
            );
            new aws.ec2.RouteTableAssociation(`${name}-private-${i}`, { subnetId: subnet.id, routeTableId: routes.id }, parent);
            privateRouteTables.push(routes);
            return subnet;
        });
        this.endpoints(name, vpc, privateSubnets, privateRouteTables, args.extraEndpoints ?? []);
        return {
            vpcId: vpc.id,
            vpcCidr: vpc.cidrBlock,
            privateSubnetIds: pulumi.all(privateSubnets.map((s) => s.id)),
            publicSubnetIds: pulumi.all(publicSubnets.map((s) => s.id)),
            privateSubnetCidrs: pulumi.output(plan.privateCidrs),
            publicSubnetCidrs: pulumi.output(plan.publicCidrs),
            availabilityZones: pulumi.all(azs),
        };
    }

    private endpoints(name: string, vpc: aws.ec2.Vpc, subnets: aws.ec2.Subnet[], routeTables: aws.ec2.RouteTable[], extra: readonly OptionalEndpointService[]) {
        const parent = { parent: this };
        const region = this.interfaceEndpoints(
            name,
            vpc.id,
            vpc.cidrBlock,
            subnets.map((s) => s.id),
            extra,
        );
        for (const service of GATEWAY_ENDPOINT_SERVICES) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service}`,
                {
                    vpcId: vpc.id,
                    serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Gateway",
                    routeTableIds: routeTables.map((r) => r.id),
                },
                parent,
            );
        }
    }

    /** The interface endpoints, reachable on 443 from the VPC. Returns the region they were made in. */
    private interfaceEndpoints(
        name: string,
        vpcId: pulumi.Input<string>,
        vpcCidr: pulumi.Input<string>,
        subnetIds: pulumi.Input<string>[],
        extra: readonly OptionalEndpointService[],
    ) {
        const parent = { parent: this };
        const sg = new aws.ec2.SecurityGroup(`${name}-endpoints`, { vpcId, description: "HTTPS from inside the VPC to AWS API endpoints" }, parent);
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-endpoints-https`,
            { securityGroupId: sg.id, cidrIpv4: vpcCidr, ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "AWS API calls from the VPC" },
            parent,
        );
        const region = aws.getRegionOutput({}, parent).region;
        for (const service of [...INTERFACE_ENDPOINT_SERVICES, ...extra]) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service}`,
                {
                    vpcId,
                    serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds,
                    securityGroupIds: [sg.id],
                },
                parent,
            );
        }
        return region;
    }

    private adopt(name: string, args: ExistingNetworkArgs) {
        const parent = { parent: this };
        const vpc = aws.ec2.getVpcOutput({ id: args.vpcId }, parent);
        // Gateway endpoints need the VPC's route tables, which stay the owner's: only the interface endpoints are made.
        if (args.endpoints === "create") this.interfaceEndpoints(name, args.vpcId, vpc.cidrBlock, args.privateSubnetIds, args.extraEndpoints ?? []);
        const privateSubnets = args.privateSubnetIds.map((id) => aws.ec2.getSubnetOutput({ id }, parent));
        const publicSubnets = (args.publicSubnetIds ?? []).map((id) => aws.ec2.getSubnetOutput({ id }, parent));
        const azs = privateSubnets.map((s) => s.availabilityZone);
        return {
            vpcId: pulumi.output(args.vpcId),
            vpcCidr: vpc.cidrBlock,
            privateSubnetIds: pulumi.output(args.privateSubnetIds),
            publicSubnetIds: pulumi.output(args.publicSubnetIds ?? []),
            privateSubnetCidrs: pulumi.all(privateSubnets.map((s) => s.cidrBlock)),
            publicSubnetCidrs: pulumi.all(publicSubnets.map((s) => s.cidrBlock)),
            availabilityZones: pulumi.all(azs),
        };
    }
}
