// The seam between shared infrastructure and the Vault layout a stack's config chooses.
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "../infra/account";
import { KmsKey } from "../infra/keys";
import { Network } from "../infra/network";
import { StackConfig } from "./config";

export interface SharedInfra {
    readonly account: AwsAccount;
    readonly network: Network;
    readonly dataKey: KmsKey;
}

export interface LayoutResult {
    /** Stack outputs the layout adds; never a secret value unless wrapped with pulumi.secret. */
    readonly outputs: Record<string, pulumi.Output<unknown>>;
}

export function buildLayout(base: string, config: StackConfig, shared: SharedInfra, opts: pulumi.ComponentResourceOptions): LayoutResult {
    switch (config.layout) {
        case "ec2-dynamodb":
            return { outputs: {} };
        case "eks-raft":
            return { outputs: {} };
    }
}
