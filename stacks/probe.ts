// Maps the layout's probe wiring onto the VaultProbe component: the same probe, alarms and dashboard on both layouts.
import * as pulumi from "@pulumi/pulumi";
import { iamServerId } from "../functions/replication/aws-iam-login";
import { VaultProbe } from "../infra/probe/component";
import { StackConfig } from "./config";
import type { LayoutResult, SharedInfra } from "./layout";

export function probe(
    base: string,
    c: StackConfig,
    shared: SharedInfra,
    layout: LayoutResult,
    opts: pulumi.ComponentResourceOptions,
): Record<string, pulumi.Output<unknown>> {
    const p = layout.probe;
    const probe = new VaultProbe(
        `${base}-probe`,
        {
            account: shared.account,
            stack: c.stack,
            role: shared.probeRole,
            vpcId: shared.network.vpcId,
            vpcCidr: shared.network.vpcCidr,
            subnetIds: shared.network.privateSubnetIds,
            dataKeyArn: shared.dataKey.arn,
            alertTopicArn: shared.alerts.arn,
            logRetentionDays: c.logRetentionDays,
            raft: p.raft,
            expectedNodes: p.expectedNodes,
            discovery: p.discovery,
            backup: p.backup,
            vaultAddress: p.vaultAddress,
            vaultCaCertPem: layout.vaultCaCertPem,
            nodeServerNameSuffix: p.nodeServerNameSuffix,
            // vault:configure sets iam_server_id_header_value from the same address.
            iamServerId: layout.vaultAddress.apply(iamServerId),
        },
        opts,
    );
    p.admit(`${base}-probe-to-vault`, probe.securityGroupId, probe.roleArn);
    return { probeRoleArn: probe.roleArn, probeFunctionName: probe.functionName, vaultDashboardName: probe.dashboardName };
}
