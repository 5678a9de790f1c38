// VaultEksCluster: EKS, IRSA for auto-unseal and EBS, and the official Vault chart in HA Raft mode.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "../account";
import { allow, managedPolicyArn, policyDocument } from "../iam";
import { SealMigration, UnsealKey, unsealKeyFor } from "../unseal-key";
import { keyIdOf, recoveryRoleName } from "../dr/recovery-role";
import { clusterAddon } from "./addons";
import { EksCluster } from "./eks-cluster";
import { RELEASE_NAME, renderHelmValues, SERVICE_ACCOUNT } from "./helm-values";
import { internalNlb } from "./internal-nlb";
import { irsaTrust } from "./irsa";
import { LogShipping } from "./log-shipping";
import { RaftSnapshots } from "./raft-snapshots";
import { VaultTls } from "./vault-tls";
import { VAULT_CHART } from "./chart";
import { fit, NAME_LIMIT } from "../names";
import { podSecurityLabels } from "./pod-security";

export interface VaultEksClusterArgs {
    readonly account: AwsAccount;
    readonly privateSubnetIds: pulumi.Input<string[]>;
    readonly dataKeyArn: pulumi.Input<string>;
    readonly kubernetesVersion: string;
    readonly vpcId: pulumi.Input<string>;
    readonly endpointPublicAccessCidrs: string[];
    /** Networks in or connected to the VPC admitted to the private API endpoint on 443. */
    readonly endpointPrivateAccessCidrs: string[];
    readonly serviceCidr: string;
    readonly nodeInstanceType: string;
    readonly nodeCount: number;
    readonly arch: "amd64" | "arm64";
    readonly namespace: string;
    /** CloudWatch retention of the control-plane and container log groups. */
    readonly logRetentionDays: number;
    /** Break-glass admins (cluster-admin access entries). Default: none. */
    readonly clusterAdminRoleArns?: string[];
    /** Read-only identities (the CI preview role). Default: none. */
    readonly clusterViewerRoleArns?: string[];
    /**
     * Refuse `pulumi destroy` of what holds Vault's data (cluster, unseal key, snapshot bucket) and keep the Raft
     * volumes; false lets destroy remove all of it, volumes and snapshots included.
     */
    readonly deletionProtection: boolean;
    /** Pinned chart version, e.g. 0.34.1. */
    readonly chartVersion: string;
    readonly vaultVersion: string;
    /** Odd, at least 3. */
    readonly replicas: number;
    readonly dataStorageSize: string;
    readonly auditStorageSize: string;
    readonly injectorEnabled: boolean;
    /** Kubernetes cron schedule of Raft snapshots to S3. */
    readonly snapshotSchedule: string;
    readonly backupRetentionDays: number;
    /** Roles that may list the Raft snapshots' names and times (the health probe). Default: none. */
    readonly snapshotListerRoleArns?: pulumi.Input<string>[];
    /** Expose the active node on an internal NLB for in-VPC clients; only these networks may connect. Default: none. */
    readonly internalLoadBalancerCidrs?: pulumi.Input<string>[];
    /** A recovery stack's unseal key (a replica the primary stack made); its Vault role then has the name the replica admits. */
    readonly existingUnsealKeyArn?: string;
    /** Moving the seal to a second, multi-Region key (strongroom:sealMigration). Default: none. */
    readonly sealMigration?: SealMigration;
}

export class VaultEksCluster extends pulumi.ComponentResource {
    readonly clusterName: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly vaultAddress: pulumi.Output<string>;
    readonly caCertPem: pulumi.Output<string>;
    readonly caValidUntil: pulumi.Output<string>;
    readonly irsaRoleArn: pulumi.Output<string>;
    readonly unsealKeyArn: pulumi.Output<string>;
    readonly snapshotBucket: pulumi.Output<string>;
    readonly unsealKey: UnsealKey;
    readonly snapshots: RaftSnapshots;
    readonly snapshotBucketArn: pulumi.Output<string>;
    /** The control plane and the Kubernetes provider, for components that run beside Vault (the health probe). */
    readonly eks: EksCluster;
    readonly provider: k8s.Provider;
    /** Where the pods' stdout, the audit stream included, is shipped (name and ARN). */
    readonly containerLogGroup: { name: pulumi.Output<string>; arn: pulumi.Output<string> };

    constructor(name: string, args: VaultEksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:vault-eks:VaultEksCluster", name, {}, opts);
        const parent = { parent: this };
        const { partition } = args.account;
        const eks = new EksCluster(`${name}-cluster`, { ...args }, parent);

        const vaultRole = new aws.iam.Role(
            fit(`${name}-irsa`, NAME_LIMIT.role),
            {
                assumeRolePolicy: irsaTrust(eks.oidcProviderArn, eks.oidcIssuerUrl, args.namespace, SERVICE_ACCOUNT),
                description: "Vault pods (auto-unseal)",
                ...(args.existingUnsealKeyArn ? { name: recoveryRoleName(keyIdOf(args.existingUnsealKeyArn)) } : {}),
            },
            parent,
        );
        const unsealKey = unsealKeyFor(
            {
                keyName: `${name}-unseal`,
                policyName: `${name}-irsa-unseal`,
                role: vaultRole,
                account: args.account,
                description: "Vault auto-unseal (eks-raft)",
                existingKeyArn: args.existingUnsealKeyArn,
                sealMigration: args.sealMigration,
                protect: args.deletionProtection,
            },
            this,
        );
        this.unsealKey = unsealKey;

        // The EBS CSI driver provisions the encrypted volumes Raft and audit logs live on.
        const csiRole = new aws.iam.Role(
            fit(`${name}-ebs-csi`, NAME_LIMIT.role),
            { assumeRolePolicy: irsaTrust(eks.oidcProviderArn, eks.oidcIssuerUrl, "kube-system", "ebs-csi-controller-sa") },
            parent,
        );
        new aws.iam.RolePolicyAttachment(
            `${name}-ebs-csi`,
            { role: csiRole.name, policyArn: managedPolicyArn(partition, "service-role/AmazonEBSCSIDriverPolicy") },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-ebs-csi-kms`,
            {
                role: csiRole.id,
                policy: policyDocument([
                    allow(
                        "EncryptedVolumes",
                        ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"],
                        [args.dataKeyArn],
                    ),
                ]),
            },
            parent,
        );
        const addonTarget = { clusterName: eks.name, kubernetesVersion: eks.version, nodes: eks.nodes };
        const csi = clusterAddon(`${name}-ebs-csi`, addonTarget, { addonName: "aws-ebs-csi-driver", serviceAccountRoleArn: csiRole.arn }, parent);

        // Container logs (Vault's stdout audit device among them) leave the nodes as they are written.
        const logs = new LogShipping(
            `${name}-logs`,
            {
                cluster: addonTarget,
                oidcProviderArn: eks.oidcProviderArn,
                oidcIssuerUrl: eks.oidcIssuerUrl,
                partition,
                dataKeyArn: args.dataKeyArn,
                retentionDays: args.logRetentionDays,
            },
            parent,
        );

        const provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: eks.kubeconfig, enableServerSideApply: true }, parent);
        const k8sOpts = { parent: this, provider };
        const namespace = new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: args.namespace, labels: podSecurityLabels() } }, k8sOpts);
        const storageClass = new k8s.storage.v1.StorageClass(
            `${name}-gp3`,
            {
                metadata: { name: "vault-gp3-encrypted" },
                provisioner: "ebs.csi.aws.com",
                parameters: { type: "gp3", encrypted: "true", kmsKeyId: pulumi.output(args.dataKeyArn) },
                // Protected stacks keep a volume whose claim is deleted; the others let destroy remove it.
                reclaimPolicy: args.deletionProtection ? "Retain" : "Delete",
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
            },
            { ...k8sOpts, dependsOn: [csi] },
        );
        const tls = new VaultTls(`${name}-tls`, { namespace: namespace.metadata.name, region: args.account.region, nodes: eks.nodes }, k8sOpts);

        const values = pulumi
            .all([unsealKey.arn, vaultRole.arn, tls.secretName, storageClass.metadata.name, unsealKey.previousArn])
            .apply(([keyArn, roleArn, secretName, sc, previousKeyArn]) =>
                renderHelmValues({
                    region: args.account.region,
                    unsealKeyId: keyArn,
                    ...(unsealKey.sealMigration ? { sealMigration: { previousUnsealKeyId: previousKeyArn } } : {}),
                    irsaRoleArn: roleArn,
                    replicas: args.replicas,
                    vaultVersion: args.vaultVersion,
                    namespace: args.namespace,
                    tlsSecretName: secretName,
                    storageClass: sc,
                    dataStorageSize: args.dataStorageSize,
                    auditStorageSize: args.auditStorageSize,
                    injectorEnabled: args.injectorEnabled,
                    deleteVolumesWithRelease: !args.deletionProtection,
                }),
            );
        const release = new k8s.helm.v3.Release(
            `${name}-vault`,
            {
                name: RELEASE_NAME,
                chart: VAULT_CHART.chart,
                version: args.chartVersion,
                repositoryOpts: { repo: VAULT_CHART.repo },
                namespace: namespace.metadata.name,
                values,
                atomic: false,
                // Pods stay unready until `npm run vault:init`; waiting for them would fail the first deploy.
                skipAwait: true,
            },
            // The first server certificate must be in its Secret before a pod mounts it.
            { ...k8sOpts, dependsOn: [tls.certificate] },
        );

        const snapshots = new RaftSnapshots(
            `${name}-snapshots`,
            {
                account: args.account,
                oidcProviderArn: eks.oidcProviderArn,
                oidcIssuerUrl: eks.oidcIssuerUrl,
                namespace: args.namespace,
                provider,
                vaultImage: `hashicorp/vault:${args.vaultVersion}`,
                vaultAddr: `https://${RELEASE_NAME}-active.${args.namespace}.svc:8200`,
                tlsSecretName: tls.secretName,
                schedule: args.snapshotSchedule,
                retentionDays: args.backupRetentionDays,
                deletionProtection: args.deletionProtection,
                listerRoleArns: args.snapshotListerRoleArns,
            },
            { parent: this, dependsOn: [release] },
        );
        this.snapshotBucket = snapshots.bucketName;
        this.snapshots = snapshots;
        this.snapshotBucketArn = snapshots.bucketArn;
        this.eks = eks;
        this.provider = provider;

        this.vaultAddress = args.internalLoadBalancerCidrs
            ? internalNlb(
                  `${name}-nlb`,
                  { namespace: namespace.metadata.name, sourceCidrs: args.internalLoadBalancerCidrs },
                  { parent: this, provider, dependsOn: [release] },
              )
            : pulumi.output(`https://${RELEASE_NAME}-active.${args.namespace}.svc:8200`);
        this.containerLogGroup = logs.applicationLogGroup;
        this.clusterName = eks.name;
        this.kubeconfig = eks.kubeconfig;
        this.caCertPem = tls.caCertPem;
        this.caValidUntil = tls.caValidUntil;
        this.irsaRoleArn = vaultRole.arn;
        this.unsealKeyArn = unsealKey.arn;
        this.registerOutputs({
            clusterName: this.clusterName,
            vaultAddress: this.vaultAddress,
            irsaRoleArn: this.irsaRoleArn,
            unsealKeyArn: this.unsealKeyArn,
        });
    }
}
