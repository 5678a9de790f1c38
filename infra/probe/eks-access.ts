// What the probe needs on eks-raft: the pods' API port and the Kubernetes API through the cluster security group
// (pods and the control plane's interfaces use it), and the right to list the Vault pods in one namespace, nothing
// more: an EKS access entry maps its role to a Kubernetes group bound to a namespaced Role.
// https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { VaultEksCluster } from "../vault-eks/cluster";

/** The Kubernetes group the probe's role is mapped to (not system:, which EKS reserves). */
export const PROBE_KUBERNETES_GROUP = "strongroom-probe";

export interface ProbeKubernetesAccessArgs {
    readonly cluster: VaultEksCluster;
    readonly namespace: string;
    readonly securityGroupId: pulumi.Input<string>;
    readonly roleArn: pulumi.Input<string>;
}

export function probeKubernetesAccess(name: string, a: ProbeKubernetesAccessArgs): void {
    const parent = { parent: a.cluster };
    for (const [rule, port, description] of [
        ["pods", 8200, "Vault API of each pod, for the health probe"],
        ["kube-api", 443, "Kubernetes API (pod discovery), for the health probe"],
    ] as const) {
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-${rule}`,
            {
                securityGroupId: a.cluster.eks.clusterSecurityGroupId,
                referencedSecurityGroupId: a.securityGroupId,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                description,
            },
            parent,
        );
    }
    new aws.eks.AccessEntry(
        `${name}-access`,
        { clusterName: a.cluster.clusterName, principalArn: a.roleArn, type: "STANDARD", kubernetesGroups: [PROBE_KUBERNETES_GROUP] },
        parent,
    );
    const k8sOpts = { parent: a.cluster, provider: a.cluster.provider };
    const role = new k8s.rbac.v1.Role(
        `${name}-pods`,
        { metadata: { namespace: a.namespace, name: "strongroom-probe" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["list"] }] },
        k8sOpts,
    );
    new k8s.rbac.v1.RoleBinding(
        `${name}-pods`,
        {
            metadata: { namespace: a.namespace, name: "strongroom-probe" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
            subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: PROBE_KUBERNETES_GROUP }],
        },
        k8sOpts,
    );
}
