// An EKS control plane and managed node group from plain @pulumi/aws resources, so the mock runtime sees all of it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "../account";
import { allow, managedPolicyArn, policyDocument, serviceTrust } from "../iam";
import { accessEntries } from "./access-entries";
import { clusterAddon, CORE_ADDONS } from "./addons";
import { apiAccessGroup } from "./api-access";
import { kubeconfig } from "./kubeconfig";
import { fit, NAME_LIMIT } from "../names";

export const CLUSTER_LOG_TYPES = ["api", "audit", "authenticator"];

/** The EKS cluster's name for an EksCluster component named `name`. */
export function eksClusterName(name: string): string {
    return fit(name, 100);
}

export interface EksClusterArgs {
    readonly account: AwsAccount;
    readonly kubernetesVersion: string;
    readonly vpcId: pulumi.Input<string>;
    readonly privateSubnetIds: pulumi.Input<string[]>;
    /** Who may reach the public API endpoint; empty keeps the endpoint private. */
    readonly endpointPublicAccessCidrs: string[];
    /** Networks in or connected to the VPC admitted to the private endpoint on 443. */
    readonly endpointPrivateAccessCidrs: string[];
    readonly serviceCidr: string;
    /** CMK for Kubernetes secrets and node volumes. */
    readonly dataKeyArn: pulumi.Input<string>;
    readonly nodeInstanceType: string;
    readonly nodeCount: number;
    readonly arch: "amd64" | "arm64";
    /** CloudWatch retention of the control-plane log group. */
    readonly logRetentionDays: number;
    /** Break-glass admins (cluster-admin), besides the creator; they must exist first. Default: none. */
    readonly clusterAdminRoleArns?: string[];
    /** Read-only identities (AmazonEKSViewPolicy): the CI preview role. They must exist first. Default: none. */
    readonly clusterViewerRoleArns?: string[];
    /** Refuse `pulumi destroy` of the cluster (and with it the Raft volumes' only reader). */
    readonly deletionProtection: boolean;
}

export class EksCluster extends pulumi.ComponentResource {
    readonly name: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcIssuerUrl: pulumi.Output<string>;
    readonly version: pulumi.Output<string>;
    /** The managed node group: whatever runs pods waits for it. */
    readonly nodes: aws.eks.NodeGroup;
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    /** The API endpoint and its CA (base64 PEM), for in-VPC clients such as the health probe. */
    readonly endpoint: pulumi.Output<string>;
    readonly certificateAuthorityData: pulumi.Output<string>;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:vault-eks:EksCluster", name, {}, opts);
        const parent = { parent: this };
        const partition = args.account.partition;

        const clusterRole = new aws.iam.Role(fit(`${name}-control-plane`, NAME_LIMIT.role), { assumeRolePolicy: serviceTrust("eks.amazonaws.com") }, parent);
        new aws.iam.RolePolicyAttachment(
            `${name}-control-plane`,
            { role: clusterRole.name, policyArn: managedPolicyArn(partition, "AmazonEKSClusterPolicy") },
            parent,
        );
        // Envelope encryption of Kubernetes secrets with the data key, and no other key.
        new aws.iam.RolePolicy(
            `${name}-secrets-encryption`,
            {
                role: clusterRole.id,
                policy: policyDocument([allow("SecretsEncryption", ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant"], [args.dataKeyArn])]),
            },
            parent,
        );

        // Named, so its control-plane log group can exist first with the stack's retention and key (EKS would
        // otherwise create it with neither). https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
        const clusterName = eksClusterName(name);
        const controlPlaneLogs = new aws.cloudwatch.LogGroup(
            `${name}-control-plane-logs`,
            { name: `/aws/eks/${clusterName}/cluster`, retentionInDays: args.logRetentionDays, kmsKeyId: args.dataKeyArn },
            parent,
        );
        const cluster = new aws.eks.Cluster(
            `${name}-eks`,
            {
                name: clusterName,
                roleArn: clusterRole.arn,
                version: args.kubernetesVersion,
                vpcConfig: {
                    subnetIds: args.privateSubnetIds,
                    securityGroupIds: [apiAccessGroup(name, { vpcId: args.vpcId, privateCidrs: args.endpointPrivateAccessCidrs }, this).id],
                    endpointPrivateAccess: true,
                    endpointPublicAccess: args.endpointPublicAccessCidrs.length > 0,
                    publicAccessCidrs: args.endpointPublicAccessCidrs.length > 0 ? args.endpointPublicAccessCidrs : undefined,
                },
                encryptionConfig: { resources: ["secrets"], provider: { keyArn: args.dataKeyArn } },
                enabledClusterLogTypes: CLUSTER_LOG_TYPES,
                kubernetesNetworkConfig: { serviceIpv4Cidr: args.serviceCidr },
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
            },
            { parent: this, dependsOn: [controlPlaneLogs], protect: args.deletionProtection },
        );

        // With authenticationMode API only the creator is admin; everyone else needs an access entry.
        // https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
        accessEntries(
            `${name}-access`,
            { clusterName: cluster.name, partition, adminRoleArns: args.clusterAdminRoleArns ?? [], viewerRoleArns: args.clusterViewerRoleArns ?? [] },
            this,
        );

        const nodeRole = new aws.iam.Role(fit(`${name}-node`, NAME_LIMIT.role), { assumeRolePolicy: serviceTrust("ec2.amazonaws.com") }, parent);
        const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"];
        const attachments = nodePolicies.map(
            (p) => new aws.iam.RolePolicyAttachment(`${name}-node-${p}`, { role: nodeRole.name, policyArn: managedPolicyArn(partition, p) }, parent),
        );
        const template = new aws.ec2.LaunchTemplate(
            `${name}-node`,
            {
                // Hop limit 1: a pod's packets cannot reach the metadata service, so pods use IRSA, never the node's role.
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", kmsKeyId: args.dataKeyArn, deleteOnTermination: "true" },
                    },
                ],
                updateDefaultVersion: true,
            },
            parent,
        );
        // The nodes follow the control plane: a version change rolls them after the cluster is updated (EKS refuses the
        // next control-plane upgrade while nodes lag behind).
        const nodes = new aws.eks.NodeGroup(
            fit(`${name}-nodes`, NAME_LIMIT.nodeGroup),
            {
                clusterName: cluster.name,
                version: cluster.version,
                nodeRoleArn: nodeRole.arn,
                subnetIds: args.privateSubnetIds,
                instanceTypes: [args.nodeInstanceType],
                amiType: args.arch === "arm64" ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD",
                scalingConfig: { desiredSize: args.nodeCount, minSize: args.nodeCount, maxSize: args.nodeCount + 1 },
                updateConfig: { maxUnavailable: 1 },
                launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
            },
            { parent: this, dependsOn: attachments },
        );

        const addonTarget = { clusterName: cluster.name, kubernetesVersion: cluster.version, nodes };
        for (const addonName of CORE_ADDONS) clusterAddon(`${name}-${addonName}`, addonTarget, { addonName }, { parent: this });

        const issuer = cluster.identities.apply((ids) => ids[0].oidcs![0].issuer!);
        const oidc = new aws.iam.OpenIdConnectProvider(`${name}-oidc`, { url: issuer, clientIdLists: ["sts.amazonaws.com"] }, parent);

        this.name = cluster.name;
        this.kubeconfig = pulumi.secret(kubeconfig(cluster.name, cluster.endpoint, cluster.certificateAuthority.data, args.account.region));
        this.oidcProviderArn = oidc.arn;
        this.oidcIssuerUrl = issuer;
        this.version = cluster.version;
        this.nodes = nodes;
        this.clusterSecurityGroupId = cluster.vpcConfig.clusterSecurityGroupId;
        this.endpoint = cluster.endpoint;
        this.certificateAuthorityData = cluster.certificateAuthority.data;
        this.registerOutputs({ name: this.name, oidcProviderArn: this.oidcProviderArn });
    }
}
