// The health probe's execution role, on its own: the stack makes it before the Vault layout, whose snapshot bucket
// policy names it (infra/vault-eks/raft-snapshots.ts), and the VaultProbe component attaches its policies.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrust } from "../iam";
import { fit, NAME_LIMIT } from "../names";

export const PROBE_ROLE_TAG_VALUE = "probe";

export class ProbeIdentity extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:probe:ProbeIdentity", name, {}, opts);
        this.role = new aws.iam.Role(
            fit(`${name}-fn`, NAME_LIMIT.role),
            {
                assumeRolePolicy: serviceTrust("lambda.amazonaws.com"),
                description: "Strongroom health probe: reads Vault's health and backup times, writes its metrics as log records",
                tags: { "strongroom:role": PROBE_ROLE_TAG_VALUE },
            },
            { parent: this },
        );
        this.registerOutputs({ roleArn: this.role.arn });
    }
}

export function probeRole(name: string, opts?: pulumi.ComponentResourceOptions): aws.iam.Role {
    return new ProbeIdentity(name, opts).role;
}
