// Container logs, Vault's stdout audit stream among them, shipped off the nodes by the Amazon CloudWatch Observability
// add-on (CloudWatch agent and Fluent Bit) through an IRSA role, into log groups the stack creates first, so they
// carry the stack's retention and key instead of the defaults the add-on would create them with.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { managedPolicyArn } from "../iam";
import { observabilityAddonConfiguration } from "./fluent-bit";
import { fit, NAME_LIMIT } from "../names";
import { ClusterAddonTarget, clusterAddon } from "./addons";
import { irsaTrust } from "./irsa";

export const OBSERVABILITY_NAMESPACE = "amazon-cloudwatch";
export const OBSERVABILITY_SERVICE_ACCOUNT = "cloudwatch-agent";
/** The Container Insights log groups Fluent Bit writes: application holds every container's stdout. */
export const CONTAINER_LOG_GROUPS = ["application", "dataplane", "host", "performance"];

export interface LogShippingArgs {
    /** The cluster, its version and its nodes: the add-on follows the version and runs on the nodes. */
    readonly cluster: ClusterAddonTarget;
    readonly oidcProviderArn: pulumi.Input<string>;
    readonly oidcIssuerUrl: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    readonly dataKeyArn: pulumi.Input<string>;
    readonly retentionDays: number;
}

export class LogShipping extends pulumi.ComponentResource {
    /** The group every container's stdout goes to, Vault's audit stream among them (name and ARN). */
    readonly applicationLogGroup: { name: pulumi.Output<string>; arn: pulumi.Output<string> };

    constructor(name: string, args: LogShippingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:vault-eks:LogShipping", name, {}, opts);
        const parent = { parent: this };
        const groups = CONTAINER_LOG_GROUPS.map(
            (kind) =>
                new aws.cloudwatch.LogGroup(
                    `${name}-${kind}`,
                    {
                        name: pulumi.interpolate`/aws/containerinsights/${args.cluster.clusterName}/${kind}`,
                        retentionInDays: args.retentionDays,
                        kmsKeyId: args.dataKeyArn,
                    },
                    parent,
                ),
        );
        const role = new aws.iam.Role(
            fit(`${name}-irsa`, NAME_LIMIT.role),
            {
                assumeRolePolicy: irsaTrust(args.oidcProviderArn, args.oidcIssuerUrl, OBSERVABILITY_NAMESPACE, OBSERVABILITY_SERVICE_ACCOUNT),
                description: "CloudWatch agent and Fluent Bit",
            },
            parent,
        );
        const policy = new aws.iam.RolePolicyAttachment(
            `${name}-irsa`,
            { role: role.name, policyArn: managedPolicyArn(args.partition, "CloudWatchAgentServerPolicy") },
            parent,
        );
        clusterAddon(
            `${name}-addon`,
            args.cluster,
            {
                addonName: "amazon-cloudwatch-observability",
                serviceAccountRoleArn: role.arn,
                // Fluent Bit flushes every second, not every five: the audit stream triggers replication (fluent-bit.ts).
                configurationValues: observabilityAddonConfiguration(),
                dependsOn: [...groups, policy],
            },
            { parent: this },
        );
        const application = groups[CONTAINER_LOG_GROUPS.indexOf("application")];
        this.applicationLogGroup = { name: application.name, arn: application.arn };
        this.registerOutputs({});
    }
}
