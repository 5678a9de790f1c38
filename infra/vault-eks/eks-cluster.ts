// An EKS control plane and managed node group from plain @pulumi/aws resources, so the mock runtime sees all of it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "../account";
import { allow, managedPolicyArn, policyDocument, serviceTrust } from "../iam";
import { kubeconfig } from "./kubeconfig";
import { fit, NAME_LIMIT } from "../names";

export const CLUSTER_LOG_TYPES = ["api", "audit", "authenticator"];

export interface EksClusterArgs {
    readonly account: AwsAccount;
    readonly kubernetesVersion: string;
    readonly privateSubnetIds: pulumi.Input<string[]>;
    /** Who may reach the public API endpoint; empty keeps the endpoint private. */
    readonly endpointPublicAccessCidrs: string[];
    readonly serviceCidr: string;
    /** CMK for Kubernetes secrets and node volumes. */
    readonly dataKeyArn: pulumi.Input<string>;
    readonly nodeInstanceType: string;
    readonly nodeCount: number;
    readonly arch: "amd64" | "arm64";
    /** CloudWatch retention of the control-plane log group. */
    readonly logRetentionDays: number;
    /**
     * IAM roles given cluster-admin through EKS access entries, besides the creator: the CI preview role, the
     * operators who port-forward for the runbook. They must exist first (a documented prerequisite). Default: none.
     */
    readonly clusterAdminRoleArns?: string[];
}

export class EksCluster extends pulumi.ComponentResource {
    readonly name: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcIssuerUrl: pulumi.Output<string>;
    readonly clusterSecurityGroupId: pulumi.Output<string>;

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
        const clusterName = fit(name, 100);
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
                    endpointPrivateAccess: true,
                    endpointPublicAccess: args.endpointPublicAccessCidrs.length > 0,
                    publicAccessCidrs: args.endpointPublicAccessCidrs.length > 0 ? args.endpointPublicAccessCidrs : undefined,
                },
                encryptionConfig: { resources: ["secrets"], provider: { keyArn: args.dataKeyArn } },
                enabledClusterLogTypes: CLUSTER_LOG_TYPES,
                kubernetesNetworkConfig: { serviceIpv4Cidr: args.serviceCidr },
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
            },
            { parent: this, dependsOn: [controlPlaneLogs] },
        );

        // With authenticationMode API only the creator is admin; everyone else needs an access entry.
        // https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
        (args.clusterAdminRoleArns ?? []).forEach((principalArn, i) => {
            const entry = new aws.eks.AccessEntry(`${name}-admin-${i}`, { clusterName: cluster.name, principalArn, type: "STANDARD" }, parent);
            new aws.eks.AccessPolicyAssociation(
                `${name}-admin-${i}`,
                {
                    clusterName: cluster.name,
                    principalArn: entry.principalArn,
                    policyArn: pulumi.interpolate`arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
                    accessScope: { type: "cluster" },
                },
                parent,
            );
        });

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
        new aws.eks.NodeGroup(
            fit(`${name}-nodes`, NAME_LIMIT.nodeGroup),
            {
                clusterName: cluster.name,
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

        const issuer = cluster.identities.apply((ids) => ids[0].oidcs![0].issuer!);
        const oidc = new aws.iam.OpenIdConnectProvider(`${name}-oidc`, { url: issuer, clientIdLists: ["sts.amazonaws.com"] }, parent);

        this.name = cluster.name;
        this.kubeconfig = pulumi.secret(kubeconfig(cluster.name, cluster.endpoint, cluster.certificateAuthority.data, args.account.region));
        this.oidcProviderArn = oidc.arn;
        this.oidcIssuerUrl = issuer;
        this.clusterSecurityGroupId = cluster.vpcConfig.clusterSecurityGroupId;
        this.registerOutputs({ name: this.name, oidcProviderArn: this.oidcProviderArn });
    }
}
