// Maps an eks-raft stack's config onto the VaultEksCluster component.
import * as pulumi from "@pulumi/pulumi";
import { architectureOf } from "../infra/architecture";
import { supportStatus, versionRow } from "../infra/vault-eks/kubernetes-versions";
import { probeKubernetesAccess } from "../infra/probe/eks-access";
import { longestIntervalSeconds } from "../infra/schedule-interval";
import { VaultEksCluster } from "../infra/vault-eks/cluster";
import { RELEASE_NAME } from "../infra/vault-eks/helm-values";
import { SNAPSHOT_PREFIX } from "../infra/vault-eks/snapshot-job";
import { EksConfig } from "./config";
import type { LayoutResult, SharedInfra } from "./layout";

export function eksLayout(base: string, c: EksConfig, shared: SharedInfra, opts: pulumi.ComponentResourceOptions): LayoutResult {
    if (supportStatus(c.kubernetesVersion, new Date()) === "extended") {
        pulumi.log.warn(
            `strongroom:kubernetesVersion ${c.kubernetesVersion} is in EKS extended support (since ${versionRow(c.kubernetesVersion)!.endOfStandardSupport}), billed per cluster hour; raise it one minor version at a time`,
        );
    }
    const vault = new VaultEksCluster(
        `${base}-vault`,
        {
            account: shared.account,
            privateSubnetIds: shared.network.privateSubnetIds,
            dataKeyArn: shared.dataKey.arn,
            logRetentionDays: c.logRetentionDays,
            kubernetesVersion: c.kubernetesVersion,
            vpcId: shared.network.vpcId,
            endpointPublicAccessCidrs: c.endpointPublicAccessCidrs,
            endpointPrivateAccessCidrs: c.endpointPrivateAccessCidrs,
            clusterAdminRoleArns: c.clusterAdminRoleArns,
            clusterViewerRoleArns: c.clusterViewerRoleArns,
            deletionProtection: c.deletionProtection,
            serviceCidr: c.serviceCidr,
            nodeInstanceType: c.nodeInstanceType,
            nodeCount: c.nodeGroupSize,
            arch: architectureOf(c.nodeInstanceType),
            namespace: c.namespace,
            chartVersion: c.helmChartVersion,
            vaultVersion: c.vaultVersion,
            replicas: c.vaultReplicas,
            dataStorageSize: c.dataStorageSize,
            auditStorageSize: c.auditStorageSize,
            injectorEnabled: c.injectorEnabled,
            snapshotSchedule: c.snapshotSchedule,
            backupRetentionDays: c.backupRetentionDays,
            internalLoadBalancerCidrs: c.internalLoadBalancer ? [...c.allowedCidrs] : undefined,
            existingUnsealKeyArn: c.unsealKeyArn,
            sealMigration: c.sealMigration,
            snapshotListerRoleArns: [shared.probeRole.arn],
        },
        opts,
    );
    return {
        vaultAddress: vault.vaultAddress,
        vaultCaCertPem: vault.caCertPem,
        vaultCaValidUntil: vault.caValidUntil,
        // The NLB keeps client addresses, so its source ranges (allowedCidrs, which must cover the VPC) decide.
        allowClient: () => undefined,
        probe: {
            raft: true,
            expectedNodes: c.vaultReplicas,
            discovery: {
                kind: "kubernetes",
                endpoint: vault.eks.endpoint,
                caData: vault.eks.certificateAuthorityData,
                clusterName: vault.clusterName,
                namespace: c.namespace,
            },
            backup: {
                kind: "s3",
                bucket: vault.snapshotBucket,
                bucketArn: vault.snapshotBucketArn,
                prefix: SNAPSHOT_PREFIX,
                intervalSeconds: longestIntervalSeconds(c.snapshotSchedule),
            },
            nodeServerNameSuffix: `${RELEASE_NAME}-internal`,
            admit: (name, sgId, roleArn) => probeKubernetesAccess(name, { cluster: vault, namespace: c.namespace, securityGroupId: sgId, roleArn }),
        },
        // Fluent Bit ships each line of the Vault pods' stdout (the audit device) in a JSON record.
        auditTrail: { logGroupName: vault.containerLogGroup.name, logGroupArn: vault.containerLogGroup.arn, format: "container", namespace: c.namespace },
        outputs: {
            clusterName: vault.clusterName,
            kubeconfig: vault.kubeconfig,
            vaultAddress: vault.vaultAddress,
            irsaRoleArn: vault.irsaRoleArn,
            unsealKeyArn: vault.unsealKeyArn,
            snapshotBucket: vault.snapshotBucket,
            vaultNamespace: pulumi.output(c.namespace),
            // What the first `vault:init` restores (a Raft snapshot in S3), when restoreFrom is set.
            ...(c.restore?.kind === "raft-snapshot" ? { restoreFrom: pulumi.output(`s3://${c.restore.bucket}/${c.restore.key}`) } : {}),
            // What `npm run vault:upgrade` and `vault:configure` (autopilot's min_quorum) check the cluster against.
            vaultNodes: pulumi.output(c.vaultReplicas),
            vaultVersion: pulumi.output(c.vaultVersion),
        },
        unsealKey: vault.unsealKey,
        snapshots: vault.snapshots,
    };
}
