// The pinned vault chart rendered by the real Helm CLI with exactly the values the stack records, as the pinned
// @pulumi/kubernetes renders it in `pulumi up` (its helm.v3.Release embeds the same Helm). The manifests that come
// out are what the eks tests assert on and what the eks rehearsal runs.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { VAULT_CHART } from "../../infra/vault-eks/chart";
import { OfflineRun } from "../offline/recorder";
import { Manifest } from "./client";
import { partPath } from "./parts";

export const VENDORED_CHART = path.resolve(__dirname, "../../vendor/vault-helm");

export interface ChartRelease {
    readonly name: string;
    readonly namespace: string;
    readonly version: string;
    readonly values: Record<string, any>;
}

/** The helm.v3.Release the stack registers, with the values exactly as recorded by the offline run. */
export function recordedRelease(run: OfflineRun): ChartRelease {
    // The stack also installs cert-manager's chart; this is Vault's.
    const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === VAULT_CHART.chart);
    if (!release) throw new Error("the stack registers no helm.v3.Release (is it an eks-raft stack?)");
    const { name, namespace, version, values } = release.inputs;
    return { name, namespace, version, values };
}

/**
 * `helm template` of the chart with the release's values, for a cluster of `kubeVersion` (the chart's templates
 * branch on it). The chart's test hook is left out: the release never creates it (`helm test` would).
 */
export function renderChart(release: ChartRelease, kubeVersion: string, chartDir = VENDORED_CHART): Manifest[] {
    if (release.version !== VAULT_CHART.version) throw new Error(`the release asks for chart ${release.version}; the vendored chart is ${VAULT_CHART.version}`);
    return helmTemplate(release, kubeVersion, chartDir);
}

/** `helm template` of any chart folder with the release's name, namespace and values; the manifests it prints. */
export function helmTemplate(release: ChartRelease, kubeVersion: string, chartDir: string): Manifest[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-helm-"));
    try {
        const valuesFile = path.join(dir, "values.json");
        fs.writeFileSync(valuesFile, JSON.stringify(release.values));
        const out = execFileSync(
            partPath("helm"),
            ["template", release.name, chartDir, "--namespace", release.namespace, "--kube-version", kubeVersion, "--skip-tests", "--values", valuesFile],
            // Helm keeps its own state under HOME; give it a throwaway one so nothing of the user's is read or written.
            { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH, HOME: dir }, maxBuffer: 64 * 1024 * 1024 },
        );
        return parseAllDocuments(out)
            .map((d) => d.toJS() as Manifest | null)
            .filter((m): m is Manifest => Boolean(m));
    } catch (err) {
        const stderr = (err as { stderr?: string }).stderr;
        throw new Error(`helm template failed: ${stderr?.trim() || (err as Error).message}`, { cause: err });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The one manifest of a kind (and name, when given); throws naming what is missing. */
export function only(manifests: Manifest[], kind: string, name?: string): Manifest {
    const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
    if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ""} in the rendered chart, found ${found.length}`);
    return found[0];
}
