// What runs pods and waits for them to run, and whether it is created after there are nodes to run them.
import { OfflineRun, RecordedResource } from "../../scripts/offline/recorder";

/**
 * What runs pods and waits for them, created before any node group exists: every EKS add-on (EKS reports an add-on
 * whose pods cannot schedule as DEGRADED, and `pulumi up` fails on it) and every Helm release that is awaited.
 */
export function addonsBeforeNodes(run: OfflineRun): string[] {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const reaches = (from: RecordedResource, type: string, seen = new Set<string>()): boolean =>
        (from.dependencies ?? []).some((urn) => {
            if (seen.has(urn)) return false;
            seen.add(urn);
            const dep = byUrn.get(urn);
            return dep !== undefined && (dep.type === type || reaches(dep, type, seen));
        });
    const runsPods = (r: RecordedResource) => r.type === "aws:eks/addon:Addon" || (r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.skipAwait !== true);
    return run.resources
        .filter((r) => runsPods(r) && !reaches(r, "aws:eks/nodeGroup:NodeGroup"))
        .map((r) => `${r.name} (${r.inputs.addonName ?? r.inputs.chart}) runs pods but is created before any node group`);
}
