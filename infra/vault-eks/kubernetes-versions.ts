// The one table of EKS Kubernetes versions Strongroom knows, with their support dates, and the version policy built
// on it: the default is in standard support, an upgrade is one minor at a time. Pure: no Pulumi.
//
// Source: the Amazon EKS Kubernetes release calendar (Amazon EKS User Guide, "Understand the Kubernetes version
// lifecycle on EKS", https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar;
// awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc). Dates are UTC; extended support is
// billed from the start of the end-of-standard-support day. Standard support lasts 14 months from the EKS release and
// extended support 12 more, to the day (a test holds every row to that).
// 1.35 and 1.36 as the endoflife.date project's products/amazon-eks.md gives them at commit a70eca33 (2026-08-22),
// whose end-of-support columns it scrapes from that calendar: 1.35 to 2027-03-27 and 2028-03-27, 1.36 to 2027-08-02
// and 2028-08-02. Its release dates are entered by hand from the EKS Distro announcements (its 1.36 link:
// https://aws.amazon.com/about-aws/whats-new/2026/06/amazon-eks-distro-kubernetes-version-1-36/), not the calendar's
// column, and can differ from it by days: 1.35 2026-01-28 there against the calendar's 2026-01-27 this row kept
// before, as 1.34 (2025-10-06 against 10-02) and 1.33 (05-28 against 05-29). The rows keep the calendar's dates,
// which its 14-month rule gives back from each end of standard support: 1.35 2026-01-27, 1.36 2026-06-02 (the same
// in both sources).
// Add a row when EKS releases a version, then move DEFAULT_KUBERNETES_VERSION: a test fails 90 days before the
// default leaves standard support, and one four weeks before that.

export interface KubernetesVersion {
    readonly version: string;
    readonly eksRelease: string;
    readonly endOfStandardSupport: string;
    readonly endOfExtendedSupport: string;
}

export const EKS_VERSIONS: readonly KubernetesVersion[] = [
    { version: "1.30", eksRelease: "2024-05-23", endOfStandardSupport: "2025-07-23", endOfExtendedSupport: "2026-07-23" },
    { version: "1.31", eksRelease: "2024-09-26", endOfStandardSupport: "2025-11-26", endOfExtendedSupport: "2026-11-26" },
    { version: "1.32", eksRelease: "2025-01-23", endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23" },
    { version: "1.33", eksRelease: "2025-05-29", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" },
    { version: "1.34", eksRelease: "2025-10-02", endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" },
    { version: "1.35", eksRelease: "2026-01-27", endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" },
    { version: "1.36", eksRelease: "2026-06-02", endOfStandardSupport: "2027-08-02", endOfExtendedSupport: "2028-08-02" },
];

/** A new cluster's version: the newest in the table, in standard support (a test keeps it 90+ days from its end). */
export const DEFAULT_KUBERNETES_VERSION = "1.36";

export function versionRow(version: string): KubernetesVersion | undefined {
    return EKS_VERSIONS.find((v) => v.version === version);
}

/** Whole days from `today` to the start of `date` (both UTC calendar days). */
export function daysUntil(date: string, today: Date): number {
    const start = Date.parse(`${date}T00:00:00Z`);
    const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
    return Math.round((start - day) / 86_400_000);
}

/** Where `version` stands on `today`: in standard support, in (paid) extended support, or past both. */
export function supportStatus(version: string, today: Date): "standard" | "extended" | "ended" | "unknown" {
    const row = versionRow(version);
    if (!row) return "unknown";
    if (daysUntil(row.endOfStandardSupport, today) > 0) return "standard";
    if (daysUntil(row.endOfExtendedSupport, today) > 0) return "extended";
    return "ended";
}

function minor(version: string): number {
    return Number(version.split(".")[1]);
}

/**
 * Why moving a running cluster from `current` to `wanted` is refused, or undefined when it is allowed. EKS updates the
 * control plane one minor version at a time and never downgrades (Updating an Amazon EKS cluster Kubernetes version:
 * https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
 */
export function upgradeStepProblem(current: string, wanted: string): string | undefined {
    const step = minor(wanted) - minor(current);
    if (step === 0 || step === 1) return undefined;
    if (step < 0) return `the cluster runs ${current}; EKS cannot downgrade to ${wanted}. Set it back to ${current}`;
    return `the cluster runs ${current}; EKS upgrades one minor version at a time. Set ${current.split(".")[0]}.${minor(current) + 1}, run \`pulumi up\` (nodes and add-ons follow), then continue`;
}
