// The seam between shared infrastructure and the Vault layout a stack's config chooses.
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "../infra/account";
import { AlertTopic } from "../infra/alerts";
import type { AuditTrail } from "../infra/replication/audit-subscription";
import { KmsKey } from "../infra/keys";
import { Network } from "../infra/network";
import { StackConfig } from "./config";
import { ec2Layout } from "./layout-ec2";
import { eksLayout } from "./layout-eks";

export interface SharedInfra {
    readonly account: AwsAccount;
    readonly network: Network;
    readonly dataKey: KmsKey;
    readonly alerts: AlertTopic;
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
    /** Where Vault's audit lines land in CloudWatch Logs, and how they are wrapped there. */
    readonly auditTrail: AuditTrail;
    /** Stack outputs the layout adds; never a secret value unless wrapped with pulumi.secret. */
    readonly outputs: Record<string, pulumi.Output<unknown>>;
}

export function buildLayout(base: string, config: StackConfig, shared: SharedInfra, opts: pulumi.ComponentResourceOptions): LayoutResult {
    switch (config.layout) {
        case "ec2-dynamodb":
            return ec2Layout(base, config, shared, opts);
        case "eks-raft":
            return eksLayout(base, config, shared, opts);
    }
}
