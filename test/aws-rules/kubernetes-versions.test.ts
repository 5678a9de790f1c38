// Class checks of the Kubernetes version policy: every node group and every add-on follows its cluster's version
// (taken from the cluster's own output, so it changes after the control plane does), the default version is in EKS
// standard support for 90 more days, and an upgrade is one minor version at a time. The dates live in infra/vault-eks/kubernetes-versions.ts, with their source.
import * as assert from "assert";
import { CORE_ADDONS } from "../../infra/vault-eks/addons";
import { DEFAULT_KUBERNETES_VERSION, EKS_VERSIONS, daysUntil, supportStatus, upgradeStepProblem, versionRow } from "../../infra/vault-eks/kubernetes-versions";
import { mockAddonVersion } from "../../scripts/offline/mocks";
import { RecordedResource } from "../../scripts/offline/recorder";
import { editedConfig, planConfig } from "../support/stack";

/** Node groups and add-ons that do not follow their cluster's version. */
export function versionDrift(resources: readonly RecordedResource[]): string[] {
    const problems: string[] = [];
    const clusters = resources.filter((r) => r.type === "aws:eks/cluster:Cluster");
    const clusterOf = (r: RecordedResource) => clusters.find((c) => (r.propertyDependencies.clusterName ?? []).includes(c.urn));
    for (const r of resources) {
        if (r.type !== "aws:eks/nodeGroup:NodeGroup" && r.type !== "aws:eks/addon:Addon") continue;
        const cluster = clusterOf(r);
        if (!cluster) {
            problems.push(`${r.name}: belongs to no planned cluster`);
            continue;
        }
        const [field, expected] =
            r.type === "aws:eks/nodeGroup:NodeGroup"
                ? ["version", cluster.inputs.version]
                : ["addonVersion", mockAddonVersion(r.inputs.addonName, cluster.inputs.version)];
        if (r.inputs[field] !== expected) problems.push(`${r.name}: ${field} is ${JSON.stringify(r.inputs[field])}, not ${cluster.name}'s (${expected})`);
        else if (!(r.propertyDependencies[field] ?? []).includes(cluster.urn))
            problems.push(`${r.name}: ${field} does not come from ${cluster.name}'s version output`);
    }
    for (const cluster of clusters) {
        for (const name of CORE_ADDONS) {
            if (!resources.some((r) => r.type === "aws:eks/addon:Addon" && r.inputs.addonName === name && clusterOf(r) === cluster))
                problems.push(`${cluster.name}: core add-on ${name} is not managed, so no upgrade moves it`);
        }
    }
    return problems;
}

const VERSIONS_TO_PLAN = [DEFAULT_KUBERNETES_VERSION, ...EKS_VERSIONS.map((v) => v.version).filter((v) => supportStatus(v, new Date()) !== "ended")];

describe("Kubernetes version policy", function () {
    this.timeout(300_000);
    for (const version of [...new Set(VERSIONS_TO_PLAN)]) {
        it(`${version}: every node group and add-on follows the cluster's version`, async () => {
            const run = await planConfig("prod", editedConfig("prod", { "strongroom:kubernetesVersion": version }));
            assert.deepStrictEqual(versionDrift(run.resources), []);
        });
    }

    it("the default is in EKS standard support for at least 90 more days (move it to a newer row before then)", () => {
        const row = versionRow(DEFAULT_KUBERNETES_VERSION);
        assert.ok(row, `${DEFAULT_KUBERNETES_VERSION} has no row in the version table`);
        const left = daysUntil(row.endOfStandardSupport, new Date());
        assert.ok(
            left >= 90,
            `${DEFAULT_KUBERNETES_VERSION} leaves standard support on ${row.endOfStandardSupport}, in ${left} days: add the next EKS version and make it the default`,
        );
        assert.strictEqual(DEFAULT_KUBERNETES_VERSION, EKS_VERSIONS[EKS_VERSIONS.length - 1].version, "the default is the newest version in the table");
    });

    it("the table is consistent with EKS's policy: consecutive minors, about 14 months standard then 12 extended", () => {
        EKS_VERSIONS.forEach((v, i) => {
            if (i > 0) assert.strictEqual(Number(v.version.split(".")[1]), Number(EKS_VERSIONS[i - 1].version.split(".")[1]) + 1, v.version);
            const standard = daysUntil(v.endOfStandardSupport, new Date(`${v.eksRelease}T00:00:00Z`));
            const extended = daysUntil(v.endOfExtendedSupport, new Date(`${v.endOfStandardSupport}T00:00:00Z`));
            assert.ok(standard >= 420 && standard <= 430, `${v.version}: ${standard} days of standard support`);
            assert.ok(extended >= 364 && extended <= 367, `${v.version}: ${extended} days of extended support`);
        });
    });

    it("an upgrade is one minor at a time, never a downgrade", () => {
        assert.strictEqual(upgradeStepProblem("1.34", "1.35"), undefined);
        assert.strictEqual(upgradeStepProblem("1.35", "1.35"), undefined);
        assert.match(String(upgradeStepProblem("1.33", "1.35")), /one minor version at a time. Set 1.34, run `pulumi up`/);
        assert.match(String(upgradeStepProblem("1.35", "1.34")), /cannot downgrade/);
    });

    it("the check is not blind: the first version's unversioned node group and self-managed add-ons are caught", async () => {
        const run = await planConfig("prod", editedConfig("prod", {}));
        const old = run.resources
            .filter((r) => !(r.type === "aws:eks/addon:Addon" && CORE_ADDONS.includes(r.inputs.addonName)))
            .map((r) => {
                if (r.type === "aws:eks/nodeGroup:NodeGroup") return { ...r, inputs: { ...r.inputs, version: undefined } };
                if (r.type === "aws:eks/addon:Addon") return { ...r, inputs: { ...r.inputs, addonVersion: undefined } };
                return r;
            });
        const drift = versionDrift(old);
        assert.ok(
            drift.some((p) => /-nodes: version is undefined/.test(p)),
            drift.join("\n"),
        );
        assert.ok(
            drift.some((p) => /-ebs-csi: addonVersion is undefined/.test(p)),
            drift.join("\n"),
        );
        for (const name of CORE_ADDONS)
            assert.ok(
                drift.some((p) => p.includes(`core add-on ${name} is not managed`)),
                name,
            );
    });
});
