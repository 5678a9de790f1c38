// Maps the replication settings onto the SecretReplication component, wired to the chosen layout's Vault.
import * as pulumi from "@pulumi/pulumi";
import { SecretReplication } from "../infra/replication/component";
import { StackConfig } from "./config";
import type { LayoutResult, SharedInfra } from "./layout";

export function replication(
    base: string,
    c: StackConfig,
    shared: SharedInfra,
    layout: LayoutResult,
    opts: pulumi.ComponentResourceOptions,
): Record<string, pulumi.Output<unknown>> {
    if (!c.replicationEnabled) return {};
    const r = new SecretReplication(
        `${base}-replication`,
        {
            account: shared.account,
            vpcId: shared.network.vpcId,
            vpcCidr: shared.network.vpcCidr,
            subnetIds: shared.network.privateSubnetIds,
            dataKeyArn: shared.dataKey.arn,
            alertTopicArn: shared.alerts.arn,
            vaultAddress: layout.vaultAddress,
            vaultCaCertPem: layout.vaultCaCertPem,
            kvMount: c.replicationKvMount,
            kvPath: c.replicationKvPath,
            authMethod: c.replicationAuthMethod,
            secretsPrefix: c.replicationSecretsPrefix,
            deleteMode: c.replicationDeleteMode,
            recoveryWindowDays: c.replicationRecoveryWindowDays,
            maxConcurrency: c.replicationMaxConcurrency,
            writeRate: c.replicationWriteRate,
            schedule: c.replicationSchedule,
            logRetentionDays: c.logRetentionDays,
            secretReaderArns: c.replicationSecretReaderArns,
            auditTrail: c.replicationOnAuditEvents ? layout.auditTrail : undefined,
            driftMode: c.replicationDriftMode,
        },
        opts,
    );
    layout.allowClient(`${base}-replication-to-vault`, r.securityGroupId);
    return {
        replicationFunctionName: r.functionName,
        replicationTopicArn: r.topicArn,
        replicationRoleArn: r.roleArn,
        replicationKvMount: pulumi.output(c.replicationKvMount),
        replicationAuthMethod: pulumi.output(c.replicationAuthMethod),
        ...(r.connectionSecretArn ? { replicationConnectionSecretArn: r.connectionSecretArn } : {}),
    };
}
