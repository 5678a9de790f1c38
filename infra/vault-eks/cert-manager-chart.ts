// The one pin of the cert-manager chart the stack installs, and the Kubernetes versions that release supports. Pure:
// config validation reads it too.

/**
 * cert-manager, pinned: https://cert-manager.io/docs/installation/helm/ (chart from the Jetstack repository), with
 * the Kubernetes versions that release supports (cert-manager's Supported Releases page,
 * https://cert-manager.io/docs/releases/, cert-manager/website content/docs/releases/README.md as of 2026-08-22:
 * 1.21, released 2026-07-08, supports 1.33 to 1.36; 1.19, pinned before, supported 1.31 to 1.35 and reached its end
 * of life with 1.21's release). Config refuses a Kubernetes version outside that range. The tests build this
 * release's controller and take its CRDs from its Go module (scripts/tools/cert-manager.sh; a test checks they agree).
 */
export const CERT_MANAGER_CHART = {
    chart: "cert-manager",
    repo: "https://charts.jetstack.io",
    version: "v1.21.2",
    kubernetes: { from: "1.33", to: "1.36" },
} as const;

/** True when a cert-manager release supporting `range` (by default the pinned one's) supports Kubernetes `version`. */
export function certManagerSupports(version: string, range: { from: string; to: string } = CERT_MANAGER_CHART.kubernetes): boolean {
    const minor = (v: string) => Number(v.split(".")[1]);
    return minor(version) >= minor(range.from) && minor(version) <= minor(range.to);
}
