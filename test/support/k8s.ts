// What the Kubernetes tests need: the real Helm, kube-apiserver and etcd (built from their Go modules; .ci/run builds
// them first, locally a missing one skips loudly unless STRONGROOM_REHEARSE=1 asks to build it); the vault chart itself
// is vendored whole (vendor/vault-helm, see its SOURCE.md).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { recordedRelease, renderChart } from "../../scripts/k8s/chart";
import { Manifest } from "../../scripts/k8s/client";
import { ControlPlane, startControlPlane } from "../../scripts/k8s/control-plane";
import { Part, partCached } from "../../scripts/k8s/parts";
import { OfflineRun } from "../../scripts/offline/recorder";
import { readStackConfig } from "../../scripts/offline/stacks";
import { parseStackConfig } from "../../stacks/config";
import { planStack } from "./stack";

export function requireParts(ctx: Mocha.Context, ...parts: Part[]): void {
    const missing = parts.filter((p) => !partCached(p));
    if (missing.length === 0 || process.env.CI || process.env.STRONGROOM_REHEARSE) return;
    console.warn(
        `\n  !!! SKIPPED: ${missing.join(", ")} not built; run ${missing.map((p) => `bash scripts/tools/${p}.sh`).join(" && ")} once. CI builds them.\n`,
    );
    ctx.skip();
}

/** The prod stack planned, and a kube-apiserver started for it (its service CIDR) in a new temporary folder. */
export async function prodControlPlane(prefix: string): Promise<{ workDir: string; run: OfflineRun; cp: ControlPlane }> {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const run = await planStack("prod");
    const cluster = run.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
    return { workDir, run, cp: await startControlPlane({ workDir, serviceCidr: cluster.inputs.kubernetesNetworkConfig.serviceIpv4Cidr }) };
}

/** The Kubernetes minor the stack deploys (strongroom:kubernetesVersion, default included). */
export function stackKubernetesVersion(stack = "prod"): string {
    const config = parseStackConfig(readStackConfig(stack), stack);
    if (config.layout !== "eks-raft") throw new Error(`${stack} is not an eks-raft stack`);
    return config.kubernetesVersion;
}

/** The chart rendered with exactly the values `run` records, for the Kubernetes version the stack deploys. */
export function renderRecorded(run: OfflineRun, kubeVersion = stackKubernetesVersion()): Manifest[] {
    return renderChart(recordedRelease(run), kubeVersion);
}

/**
 * Meaning-preserving and meaning-changing variants of the shipped eks stack a rendered chart must still be right
 * for: the replica counts config allows, the injector on, no internal load balancer (replication off).
 */
export const EKS_VARIANTS: { name: string; edit: Record<string, string | undefined> }[] = [
    { name: "prod", edit: {} },
    { name: "three-replicas", edit: { "strongroom:vaultReplicas": "3", "strongroom:nodeGroupSize": "3" } },
    { name: "nine-replicas", edit: { "strongroom:vaultReplicas": "9", "strongroom:nodeGroupSize": "9" } },
    { name: "injector", edit: { "strongroom:injectorEnabled": "true" } },
    { name: "no-load-balancer", edit: { "strongroom:internalLoadBalancer": "false", "strongroom:replicationEnabled": "false" } },
    { name: "other-namespace", edit: { "strongroom:namespace": "secrets" } },
];
