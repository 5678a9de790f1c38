// EKS managed add-ons that follow the cluster: each add-on's version is the one EKS names as the default for the
// cluster's Kubernetes version, looked up from the cluster's own (output) version, so raising kubernetesVersion
// updates the control plane first and then every add-on in the same `pulumi up`. Every add-on runs pods, so it is
// created after the node group: an add-on whose pods cannot be scheduled stays DEGRADED and fails `pulumi up`.
// https://docs.aws.amazon.com/eks/latest/userguide/managing-add-ons.html (update the add-on after the cluster)
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The add-ons EKS itself needs to run pods: networking, service proxy and DNS. */
export const CORE_ADDONS = ["vpc-cni", "kube-proxy", "coredns"] as const;

export interface ClusterAddonTarget {
    readonly clusterName: pulumi.Input<string>;
    /** The cluster's version as an output, so the lookup happens after a version change is applied. */
    readonly kubernetesVersion: pulumi.Input<string>;
    /** The node group: add-ons run pods, which need nodes. */
    readonly nodes: pulumi.Resource;
}

export interface AddonArgs {
    readonly addonName: string;
    readonly serviceAccountRoleArn?: pulumi.Input<string>;
    /** The add-on's configuration (JSON matching its schema). Default: the add-on's defaults. */
    readonly configurationValues?: pulumi.Input<string>;
    /** Resources the add-on needs besides the nodes (log groups, IAM attachments). Default: none. */
    readonly dependsOn?: pulumi.Resource[];
}

export function clusterAddon(name: string, target: ClusterAddonTarget, args: AddonArgs, opts: { parent: pulumi.Resource }): aws.eks.Addon {
    const version = aws.eks.getAddonVersionOutput({ addonName: args.addonName, kubernetesVersion: target.kubernetesVersion }, { parent: opts.parent });
    return new aws.eks.Addon(
        name,
        {
            clusterName: target.clusterName,
            addonName: args.addonName,
            addonVersion: version.version,
            serviceAccountRoleArn: args.serviceAccountRoleArn,
            configurationValues: args.configurationValues,
            // EKS installs vpc-cni, kube-proxy and coredns itself when it creates a cluster; adopt those.
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
        },
        { parent: opts.parent, dependsOn: [target.nodes, ...(args.dependsOn ?? [])] },
    );
}
