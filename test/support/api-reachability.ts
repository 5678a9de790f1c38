// Who can reach each Kubernetes API endpoint a plan makes Pulumi talk to, as EKS decides it (cluster-endpoint.adoc,
// "Modifying cluster endpoint access" and "Accessing a private only API server"; sec-group-reqs.adoc):
// - the public endpoint, when enabled, admits sources in publicAccessCidrs (all of the internet if none are given);
// - the private endpoint admits sources inside the VPC or a connected network, and only through the security groups
//   on the control plane's network interfaces: EKS's cluster group admits only its own members, so another source
//   needs an ingress rule on 443 in a group the cluster carries (vpcConfig.securityGroupIds);
// - and a runner can be inside a VPC only if the VPC exists before `pulumi up` starts.
import { cidrContains } from "../../infra/cidr";
import { RecordedResource } from "../../scripts/offline/recorder";

/** Where the config says `pulumi up` runs: a source address range, and whether it reaches the VPC privately. */
export interface Deployer {
    readonly from: "internet" | "vpc";
    readonly cidr: string;
}

/** The deployers the config declares: each range of the list its deployFrom names. */
export function deployersOf(config: Record<string, string>): Deployer[] {
    const from = config["strongroom:deployFrom"] as "internet" | "vpc";
    const key = from === "vpc" ? "strongroom:endpointPrivateAccessCidrs" : "strongroom:endpointPublicAccessCidrs";
    return (JSON.parse(config[key] ?? "[]") as string[]).map((cidr) => ({ from, cidr }));
}

/** Why `deployer` cannot reach the API endpoint of every Kubernetes provider in the plan (empty when it can). */
export function unreachableEndpoints(resources: readonly RecordedResource[], deployer: Deployer): string[] {
    const problems: string[] = [];
    const providers = resources.filter((r) => r.type === "pulumi:providers:kubernetes");
    for (const provider of providers) {
        const server = JSON.parse(provider.inputs.kubeconfig).clusters[0].cluster.server as string;
        // The mock runtime gives a cluster the endpoint https://<logical name>.gr7.<region>.eks.amazonaws.com.
        const cluster = resources.find((r) => r.type === "aws:eks/cluster:Cluster" && server.startsWith(`https://${r.name}.`));
        if (!cluster) {
            problems.push(`${provider.name}: talks to ${server}, which no planned EKS cluster serves`);
            continue;
        }
        const why = whyUnreachable(resources, cluster, deployer);
        if (why) problems.push(`${cluster.name}: ${why}`);
    }
    return problems;
}

function whyUnreachable(resources: readonly RecordedResource[], cluster: RecordedResource, d: Deployer): string | undefined {
    const vpc = cluster.inputs.vpcConfig;
    if (d.from === "internet") {
        if (vpc.endpointPublicAccess !== true) return `the public endpoint is off, so ${d.cidr} on the internet cannot reach it`;
        const allowed: string[] = vpc.publicAccessCidrs ?? ["0.0.0.0/0"];
        return allowed.some((block) => cidrContains(block, d.cidr)) ? undefined : `the public endpoint admits ${allowed.join(", ")}, not ${d.cidr}`;
    }
    if (vpc.endpointPrivateAccess !== true) return "the private endpoint is off";
    const plannedSubnets = new Set(resources.filter((r) => r.type === "aws:ec2/subnet:Subnet").map((r) => `${r.name}-id`));
    if ((vpc.subnetIds as string[]).some((id) => plannedSubnets.has(id))) {
        return `its VPC is created by this same pulumi up, so no runner at ${d.cidr} can be inside it yet`;
    }
    const groups = new Set<string>(vpc.securityGroupIds ?? []);
    const admits = resources.some(
        (r) =>
            r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" &&
            groups.has(r.inputs.securityGroupId) &&
            r.inputs.ipProtocol === "tcp" &&
            r.inputs.fromPort <= 443 &&
            r.inputs.toPort >= 443 &&
            typeof r.inputs.cidrIpv4 === "string" &&
            cidrContains(r.inputs.cidrIpv4, d.cidr),
    );
    return admits ? undefined : `no security group on the control plane admits ${d.cidr} on 443 (EKS's own group admits only the cluster)`;
}
