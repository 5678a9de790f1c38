// Raft autopilot as vault:configure writes it on eks-raft: dead servers are cleaned up, never below the configured
// replicas, and only after longer than a pod can legitimately be away (rescheduled, its volume re-attached).
// https://developer.hashicorp.com/vault/docs/concepts/integrated-storage/autopilot

/**
 * What a Vault pod's absence may legitimately take on EKS when its node is lost, and why. Autopilot must not remove
 * a voter before this has passed: a removed node does not rejoin by itself.
 */
export const POD_ABSENCE_BUDGET: readonly { readonly what: string; readonly seconds: number; readonly source: string }[] = [
    {
        what: "the lost node is marked NotReady (kube-controller-manager --node-monitor-grace-period)",
        seconds: 50,
        source: "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/",
    },
    {
        what: "the pod is evicted from the unreachable node (default toleration of node.kubernetes.io/unreachable)",
        seconds: 300,
        source: "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions",
    },
    {
        what: "its EBS volume is force-detached from the lost node (attach-detach controller maxWaitForUnmountDuration)",
        seconds: 360,
        source: "https://pkg.go.dev/k8s.io/kubernetes/pkg/controller/volume/attachdetach#pkg-variables",
    },
    {
        what: "a replacement node joins (one Vault pod per node: the managed node group launches one)",
        seconds: 240,
        source: "https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html",
    },
    {
        // Measured: `npm run rehearse -- --layout eks-raft --drill membership` stops a server, starts it again on its
        // own data (a pod recreated on its volume) and times it back to a healthy voter; the drill fails if that
        // ever takes longer than this entry.
        what: "Vault starts, unseals through KMS and is a healthy Raft voter again (measured in the rehearsal)",
        seconds: 30,
        source: "scripts/rehearse/membership.ts",
    },
];

/** The budget with half again as margin, rounded up to whole 5 minutes. */
export function deadServerThresholdSeconds(budget = POD_ABSENCE_BUDGET): number {
    const total = budget.reduce((sum, b) => sum + b.seconds, 0);
    return Math.ceil((total * 1.5) / 300) * 300;
}

/** A whole number of seconds as Go prints a duration ("25m0s", "1h0m0s"), which is how Vault reads it back. */
export function vaultDuration(seconds: number): string {
    const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
    return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}

/** The autopilot configuration for `replicas` Raft voters (Vault refuses min_quorum below 3 with cleanup on). */
export function autopilotConfig(replicas: number, thresholdSeconds = deadServerThresholdSeconds()) {
    if (!Number.isInteger(replicas) || replicas < 3) throw new Error(`autopilot needs at least 3 Raft voters to clean up dead ones; got ${replicas}`);
    return {
        cleanup_dead_servers: true,
        // Never prune below the configured size: a dead voter goes only once a replacement has joined.
        min_quorum: replicas,
        dead_server_last_contact_threshold: vaultDuration(thresholdSeconds),
    };
}
