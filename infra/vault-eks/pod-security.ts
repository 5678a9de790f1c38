// Pod Security for the Vault namespace: the API server's Pod Security admission enforces the `restricted` standard
// there, the strictest one, which every pod the stack creates passes (Vault's, the injector's and the snapshot
// job's). The chart's defaults do not (no seccomp profile, capabilities kept), so the server and injector get
// these contexts. Vault needs no capability: mlock is off (helm-values.ts) and the image's entrypoint neither
// setcaps (SKIP_SETCAP) nor chowns (SKIP_CHOWN) as a non-root user. Releases whose images need IPC_LOCK anyway are
// refused by config validation (stacks/vault-releases.ts).
// https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted

export const POD_SECURITY_LEVEL = "restricted";

/** Namespace labels: enforce the level, and warn and audit at it too, so a refused pod's reason is visible. */
export function podSecurityLabels(): Record<string, string> {
    return Object.fromEntries(["enforce", "warn", "audit"].map((mode) => [`pod-security.kubernetes.io/${mode}`, POD_SECURITY_LEVEL]));
}

/** The chart's own user and group for the server (values.yaml server.uid/gid), kept, with the restricted additions. */
export const RESTRICTED_POD_CONTEXT = {
    runAsNonRoot: true,
    runAsUser: 100,
    runAsGroup: 1000,
    fsGroup: 1000,
    seccompProfile: { type: "RuntimeDefault" },
};

export const RESTRICTED_CONTAINER_CONTEXT = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
};
