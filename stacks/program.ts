// The program: read config -> network -> keys -> Vault layout -> replication -> exports.
// Exported as a function so it registers nothing when imported (tests and the offline plan run it per stack).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lookUpAccount } from "../infra/account";
import { AlertTopic } from "../infra/alerts";
import { DrRegion } from "../infra/dr/dr-region";
import { KeyWatch, tamperRuleArn } from "../infra/key-watch";
import { awsStackName } from "../infra/names";
import { Network } from "../infra/network";
import { Trail, trailArn } from "../infra/trail";
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
    const defaultTags = { tags: { "strongroom:stack": config.stack, ...config.tags } };
    const provider = new aws.Provider(base, { region: config.region as aws.Region, defaultTags });
    const opts = { providers: [provider] };
    if (config.layout === "eks-raft")
        await refuseSkippedKubernetesMinor(eksClusterName(`${base}-vault-cluster`), config.kubernetesVersion, config.stack, { provider });
    const account = lookUpAccount(config.region, { provider });
    const network = new Network(`${base}-network`, networkArgs(config), opts);
    // What `pulumi destroy` (or dropping a resource from the stack) may do to data and keys, one setting per layout.
    const deletionProtection = config.layout === "eks-raft" ? config.deletionProtection : config.tableDeletionProtection;
    // The unseal key's tamper rule and the trail have set names, so the key and topic policies can pin them first.
    const tamperRule = tamperRuleArn(base, account);
    const trail = config.cloudTrail === "create" ? trailArn(base, account) : undefined;
    const data = dataKey(`${base}-data`, account, opts, { tamperRuleArn: tamperRule, trailArn: trail, deletionProtection });
    const alerts = new AlertTopic(`${base}-alerts`, { keyArn: data.arn, account, email: config.alertEmail, eventRuleArns: [tamperRule] }, opts);
    if (trail) new Trail(`${base}-trail`, { base, account, keyArn: data.arn, retentionDays: config.backupRetentionDays, deletionProtection }, opts);
    // Everything in the DR region goes through a second provider in the same stack.
    const dr = config.drRegion
        ? new DrRegion(
              `${base}-dr`,
              {
                  base,
                  account,
                  drRegion: config.drRegion,
                  provider: new aws.Provider(`${base}-dr`, { region: config.drRegion as aws.Region, defaultTags }),
                  layout: config.layout,
                  alertEmail: config.alertEmail,
                  retentionDays: config.backupRetentionDays,
                  deletionProtection,
              },
              opts,
          )
        : undefined;
    const shared = { account, network, dataKey: data, alerts, drBackupVaultArn: dr?.backupVault?.arn, probeRole: probeRole(`${base}-probe`, opts) };
    const layout = buildLayout(base, config, shared, opts);
    new KeyWatch(`${base}-unseal-watch`, { base, keyArn: layout.unsealKey.arn, topicArn: alerts.arn }, opts);
    if (dr && layout.unsealKey.key) dr.replicateUnsealKey(layout.unsealKey.key);
    if (dr && layout.snapshots) dr.replicateSnapshots(layout.snapshots);
    const replicationOutputs = replication(base, config, shared, layout, opts);
    const probeOutputs = probe(base, config, shared, layout, opts);
    return {
        layout: pulumi.output(config.layout),
        region: pulumi.output(config.region),
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        dataKeyArn: data.arn,
        alertTopicArn: alerts.arn,
        unsealKeyTamperRuleArn: tamperRule,
        // Where in-VPC clients reach Vault, and the CA to trust there when it is Strongroom's own (public data).
        vaultAddress: layout.vaultAddress,
        ...(layout.vaultCaCertPem ? { vaultCaCertPem: layout.vaultCaCertPem } : {}),
        ...(layout.vaultCaValidUntil ? { vaultCaValidUntil: layout.vaultCaValidUntil } : {}),
        ...layout.outputs,
        ...(dr?.outputs ?? {}),
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
