// The seam between shared infrastructure and the Vault layout a stack's config chooses.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "../infra/account";
import { AlertTopic } from "../infra/alerts";
import type { AuditTrail } from "../infra/replication/audit-subscription";
import { KmsKey } from "../infra/keys";
import { Network } from "../infra/network";
import type { UnsealKey } from "../infra/unseal-key";
import type { RaftSnapshots } from "../infra/vault-eks/raft-snapshots";
import type { ProbeBackup, ProbeDiscovery } from "../infra/probe/policy";
import { StackConfig } from "./config";
import { ec2Layout } from "./layout-ec2";
import { eksLayout } from "./layout-eks";

export interface SharedInfra {
    readonly account: AwsAccount;
    readonly network: Network;
    readonly dataKey: KmsKey;
    readonly alerts: AlertTopic;
    /** The DR region's backup vault, when strongroom:drRegion is set on an ec2-dynamodb stack. */
    readonly drBackupVaultArn?: pulumi.Output<string>;
    /** The health probe's role, made before the layout so the snapshot bucket's policy can name it. */
    readonly probeRole: aws.iam.Role;
}

export interface LayoutResult {
    /** Where in-VPC clients (the replication function) reach Vault's API. */
    readonly vaultAddress: pulumi.Output<string>;
    /** PEM of the CA that signed that address's certificate, when it is not publicly trusted. */
    readonly vaultCaCertPem?: pulumi.Output<string>;
    /** When that CA (a pinned trust anchor the stack made) stops being valid: renew it with a `pulumi up` before. */
    readonly vaultCaValidUntil?: pulumi.Output<string>;
    /** Opens the path from a client security group to vaultAddress. */
    readonly allowClient: (name: string, securityGroupId: pulumi.Input<string>) => void;
    /** How the health probe finds and reaches this layout's nodes and backups. */
    readonly probe: ProbeWiring;
    /** Where Vault's audit lines land in CloudWatch Logs, and how they are wrapped there. */
    readonly auditTrail: AuditTrail;
    /** Stack outputs the layout adds; never a secret value unless wrapped with pulumi.secret. */
    readonly outputs: Record<string, pulumi.Output<unknown>>;
    /** Vault's unseal key (for its tamper watch and DR replica). */
    readonly unsealKey: UnsealKey;
    /** The Raft snapshot bucket (eks-raft), which DR replicates. */
    readonly snapshots?: RaftSnapshots;
}

export interface ProbeWiring {
    readonly raft: boolean;
    readonly expectedNodes: number;
    readonly discovery: ProbeDiscovery;
    readonly backup: ProbeBackup;
    /** Where the probe's token-bearing reads go, when not to a node directly. */
    readonly vaultAddress?: pulumi.Output<string>;
    readonly nodeServerNameSuffix?: string;
    /** Opens the network paths to the nodes (and on eks the Kubernetes API and a pod-listing Role) to the probe. */
    readonly admit: (name: string, securityGroupId: pulumi.Input<string>, roleArn: pulumi.Input<string>) => void;
}

export function buildLayout(base: string, config: StackConfig, shared: SharedInfra, opts: pulumi.ComponentResourceOptions): LayoutResult {
    switch (config.layout) {
        case "ec2-dynamodb":
            return ec2Layout(base, config, shared, opts);
        case "eks-raft":
            return eksLayout(base, config, shared, opts);
    }
}
