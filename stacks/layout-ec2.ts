// Maps an ec2-dynamodb stack's config onto the VaultEc2Cluster component.
import * as pulumi from "@pulumi/pulumi";
import { longestIntervalSeconds } from "../infra/schedule-interval";
import { VaultEc2Cluster } from "../infra/vault-ec2/cluster";
import { Ec2Config } from "./config";
import type { LayoutResult, SharedInfra } from "./layout";

export function ec2Layout(base: string, c: Ec2Config, shared: SharedInfra, opts: pulumi.ComponentResourceOptions): LayoutResult {
    const vault = new VaultEc2Cluster(
        `${base}-vault`,
        {
            account: shared.account,
            vpcId: shared.network.vpcId,
            vpcCidr: shared.network.vpcCidr,
            loadBalancerSubnetCidrs: c.loadBalancerScheme === "internal" ? shared.network.privateSubnetCidrs : shared.network.publicSubnetCidrs,
            privateSubnetIds: shared.network.privateSubnetIds,
            publicSubnetIds: shared.network.publicSubnetIds,
            dataKeyArn: shared.dataKey.arn,
            logRetentionDays: c.logRetentionDays,
            nodeCount: c.nodeCount,
            instanceType: c.instanceType,
            vaultVersion: c.vaultVersion,
            downloadUrl: c.vaultDownloadUrl,
            allowedCidrs: c.allowedCidrs,
            loadBalancerScheme: c.loadBalancerScheme,
            certificateArn: c.certificateArn,
            deletionProtection: c.tableDeletionProtection,
            alertTopicArn: shared.alerts.arn,
            backupSchedule: c.tableBackupSchedule,
            backupRetentionDays: c.backupRetentionDays,
            // Disaster recovery: copies to the DR vault, a restored table, a recovery stack's key (README).
            backupCopyVaultArn: shared.drBackupVaultArn,
            restore: c.restore && c.restoreFrom ? { source: c.restore, from: c.restoreFrom } : undefined,
            existingUnsealKeyArn: c.unsealKeyArn,
            sealMigration: c.sealMigration,
        },
        opts,
    );
    return {
        // With an ACM certificate the function must use the certificate's name; the operator points it at the ALB.
        vaultAddress: c.vaultDomain ? pulumi.output(`https://${c.vaultDomain}`) : vault.url,
        vaultCaCertPem: vault.loadBalancer.caCertPem,
        vaultCaValidUntil: vault.loadBalancer.caValidUntil,
        allowClient: (name, sgId) => vault.securityGroups.allowClientGroup(name, sgId),
        probe: {
            raft: false,
            expectedNodes: c.nodeCount,
            discovery: { kind: "asg", groupName: vault.autoScalingGroupName },
            backup: {
                kind: "aws-backup",
                vaultName: vault.backup.vaultName,
                vaultArn: vault.backup.vaultArn,
                intervalSeconds: longestIntervalSeconds(c.tableBackupSchedule),
            },
            vaultAddress: c.vaultDomain ? pulumi.output(`https://${c.vaultDomain}`) : vault.url,
            admit: (name, sgId) => {
                vault.securityGroups.allowClientGroup(`${name}-lb`, sgId);
                vault.securityGroups.allowNodeApi(`${name}-nodes`, sgId);
            },
        },
        // The CloudWatch agent ships each line of the audit file as one log event.
        auditTrail: { logGroupName: vault.auditLogGroup.name, logGroupArn: vault.auditLogGroup.arn, format: "file" },
        outputs: {
            vaultUrl: vault.url,
            tableName: vault.tableName,
            unsealKeyArn: vault.unsealKeyArn,
            autoScalingGroupName: vault.autoScalingGroupName,
            instanceRoleArn: vault.instanceRoleArn,
            backupRoleArn: vault.backupRoleArn,
            // What `npm run vault:upgrade` and `vault:configure` check the running cluster against.
            vaultNodes: pulumi.output(c.nodeCount),
            vaultVersion: pulumi.output(c.vaultVersion),
            healthyNodesAlarmName: vault.healthyNodesAlarmName,
        },
        unsealKey: vault.unsealKey,
    };
}
