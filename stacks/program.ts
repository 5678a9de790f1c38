// The program: read config -> network -> keys -> Vault layout -> replication -> exports.
// Exported as a function so it registers nothing when imported (tests and the offline plan run it per stack).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lookUpAccount } from "../infra/account";
import { AlertTopic } from "../infra/alerts";
import { awsStackName } from "../infra/names";
import { Network } from "../infra/network";
import { parseStackConfig, StackConfig } from "./config";
import { dataKey } from "./data-key";
import { eksClusterName } from "../infra/vault-eks/eks-cluster";
import { refuseSkippedKubernetesMinor } from "./kubernetes-upgrade";
import { buildLayout } from "./layout";
import { probeRole } from "../infra/probe/role";
import { probe } from "./probe";
import { replication } from "./replication";

export async function strongroom(): Promise<Record<string, pulumi.Output<unknown>>> {
    const config = parseStackConfig(pulumi.runtime.allConfig(), pulumi.getStack());
    // Names AWS accepts for every legal stack name (infra/names.ts); tags keep the stack's own name.
    const base = `strongroom-${awsStackName(config.stack)}`;
    const provider = new aws.Provider(base, {
        region: config.region as aws.Region,
        defaultTags: { tags: { "strongroom:stack": config.stack, ...config.tags } },
    });
    const opts = { providers: [provider] };
    if (config.layout === "eks-raft")
        await refuseSkippedKubernetesMinor(eksClusterName(`${base}-vault-cluster`), config.kubernetesVersion, config.stack, { provider });
    const account = lookUpAccount(config.region, { provider });
    const network = new Network(`${base}-network`, networkArgs(config), opts);
    const data = dataKey(`${base}-data`, account, opts);
    const alerts = new AlertTopic(`${base}-alerts`, { keyArn: data.arn, account, email: config.alertEmail }, opts);
    const shared = { account, network, dataKey: data, alerts, probeRole: probeRole(`${base}-probe`, opts) };
    const layout = buildLayout(base, config, shared, opts);
    const replicationOutputs = replication(base, config, shared, layout, opts);
    const probeOutputs = probe(base, config, shared, layout, opts);
    return {
        layout: pulumi.output(config.layout),
        region: pulumi.output(config.region),
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        dataKeyArn: data.arn,
        alertTopicArn: alerts.arn,
        // Where in-VPC clients reach Vault, and the CA to trust there when it is Strongroom's own (public data).
        vaultAddress: layout.vaultAddress,
        ...(layout.vaultCaCertPem ? { vaultCaCertPem: layout.vaultCaCertPem } : {}),
        ...(layout.vaultCaValidUntil ? { vaultCaValidUntil: layout.vaultCaValidUntil } : {}),
        ...layout.outputs,
        ...replicationOutputs,
        ...probeOutputs,
    };
}

function networkArgs(c: StackConfig) {
    // The replication function's security group reaches only the VPC: its audit-event queue needs an endpoint.
    const extraEndpoints = c.replicationEnabled && c.replicationOnAuditEvents ? (["sqs"] as const) : [];
    if (c.existingVpcId) {
        return {
            mode: "existing" as const,
            vpcId: c.existingVpcId,
            privateSubnetIds: c.existingPrivateSubnetIds ?? [],
            publicSubnetIds: c.existingPublicSubnetIds,
            endpoints: c.existingVpcEndpoints ?? "present",
            extraEndpoints,
        };
    }
    return { mode: "create" as const, cidrBlock: c.vpcCidr, azCount: c.azCount, natGateways: c.natGateways, extraEndpoints };
}
