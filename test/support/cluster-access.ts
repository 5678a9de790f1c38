// What each EKS access policy lets a principal do to a cluster, from the EKS User Guide's "Review access policy
// permissions" (access-policy-reference.adoc), reduced to the three powers that reach Vault's data from inside the
// cluster: writing objects (start a pod as Vault's service account, the only identity the unseal key trusts), exec
// (or port-forward, attach) into a pod, and reading Secrets (the TLS and CA keys). `get` on pods/exec counts as exec:
// the WebSocket exec endpoint is authorised with `get` (kubernetes/kubernetes#78741), and so is nodes/proxy.
import { RecordedResource } from "../../scripts/offline/recorder";

export interface Powers {
    readonly write: boolean;
    readonly exec: boolean;
    readonly readSecrets: boolean;
}

export const ACCESS_POLICY_POWERS: Record<string, Powers> = {
    AmazonEKSClusterAdminPolicy: { write: true, exec: true, readSecrets: true }, // * on *
    AmazonEKSAdminPolicy: { write: true, exec: true, readSecrets: true },
    AmazonEKSEditPolicy: { write: true, exec: true, readSecrets: true },
    AmazonEKSAdminViewPolicy: { write: false, exec: true, readSecrets: true }, // get/list/watch on * (Secrets, pods/exec, nodes/proxy)
    AmazonEKSSecretReaderPolicy: { write: false, exec: false, readSecrets: true },
    AmazonEKSViewPolicy: { write: false, exec: false, readSecrets: false }, // no Secrets, no pods/exec, no nodes/proxy
};

/** Principals that run code nobody reviewed: the CI preview role, declared as a viewer in config. */
export function unreviewedPrincipals(config: Record<string, string>): string[] {
    return JSON.parse(config["strongroom:clusterViewerRoleArns"] ?? "[]");
}

/** Every power an unreviewed principal holds on a planned cluster, as a list of problems. */
export function unreviewedPowers(resources: readonly RecordedResource[], unreviewed: readonly string[]): string[] {
    const problems: string[] = [];
    const suspect = new Set(unreviewed);
    for (const r of resources) {
        if (r.type === "aws:eks/accessEntry:AccessEntry" && suspect.has(r.inputs.principalArn) && (r.inputs.kubernetesGroups ?? []).length > 0) {
            problems.push(`${r.inputs.principalArn} joins Kubernetes groups ${JSON.stringify(r.inputs.kubernetesGroups)}, whose RBAC the plan does not show`);
        }
        if (r.type !== "aws:eks/accessPolicyAssociation:AccessPolicyAssociation" || !suspect.has(r.inputs.principalArn)) continue;
        const policy = String(r.inputs.policyArn).split("/").pop()!;
        const powers = ACCESS_POLICY_POWERS[policy];
        if (!powers) {
            problems.push(`${r.inputs.principalArn} holds ${policy}, which the table does not know; add it to test/support/cluster-access.ts`);
            continue;
        }
        const held = (Object.keys(powers) as (keyof Powers)[]).filter((k) => powers[k]);
        if (held.length > 0) problems.push(`${r.inputs.principalArn} runs unreviewed code and holds ${policy}: ${held.join(", ")}`);
    }
    return problems;
}
