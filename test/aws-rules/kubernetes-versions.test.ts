// Class checks of the Kubernetes version policy: every node group and every add-on follows its cluster's version
// (taken from the cluster's own output, so it changes after the control plane does), the default version is in EKS
// standard support for 90 more days, and an upgrade is one minor version at a time. The dates live in infra/vault-eks/kubernetes-versions.ts, with their source.
import * as assert from "assert";
import { CORE_ADDONS } from "../../infra/vault-eks/addons";
import { DEFAULT_KUBERNETES_VERSION, EKS_VERSIONS, daysUntil, supportStatus, upgradeStepProblem, versionRow } from "../../infra/vault-eks/kubernetes-versions";
import { mockAddonVersion } from "../../scripts/offline/mocks";
import { RecordedResource } from "../../scripts/offline/recorder";
import { editedConfig, planConfig } from "../support/stack";
import { eksClusterName } from "../../infra/vault-eks/eks-cluster";
import { ProgramFailed, runOffline } from "../../scripts/offline/recorder";
import { readStackConfig } from "../../scripts/offline/stacks";
import { ConfigError, parseStackConfig } from "../../stacks/config";
import { CERT_MANAGER_CHART, certManagerSupports } from "../../infra/vault-eks/cert-manager-chart";
import { strongroom } from "../../stacks/program";

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

/** Whether config accepts `version` for the prod stack, and if not, what it says. */
function configVerdict(version: string): string | undefined {
    try {
        parseStackConfig({ ...readStackConfig("prod"), "strongroom:kubernetesVersion": version }, "prod");
        return undefined;
    } catch (err) {
        return (err as Error).message;
    }
}

const VERSIONS_TO_PLAN = [DEFAULT_KUBERNETES_VERSION, ...EKS_VERSIONS.map((v) => v.version).filter((v) => configVerdict(v) === undefined)];

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

    it("and will still have on the day CI runs in four weeks: the next version is added before a build breaks", () => {
        const inFourWeeks = new Date(Date.now() + 28 * 86_400_000);
        const row = versionRow(DEFAULT_KUBERNETES_VERSION)!;
        const left = daysUntil(row.endOfStandardSupport, inFourWeeks);
        assert.ok(
            left >= 90,
            `in four weeks ${DEFAULT_KUBERNETES_VERSION} is ${left} days from the end of its standard support (${row.endOfStandardSupport}), and the 90-day test fails: add the next EKS version and make it the default now`,
        );
    });

    it("the table is EKS's policy to the day: consecutive minors, 14 months of standard support from the EKS release, then 12 of extended", () => {
        const monthsLater = (date: string, months: number) => {
            const d = new Date(`${date}T00:00:00Z`);
            return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate())).toISOString().slice(0, 10);
        };
        EKS_VERSIONS.forEach((v, i) => {
            if (i > 0) assert.strictEqual(Number(v.version.split(".")[1]), Number(EKS_VERSIONS[i - 1].version.split(".")[1]) + 1, v.version);
            assert.strictEqual(v.endOfStandardSupport, monthsLater(v.eksRelease, 14), `${v.version}: standard support ends 14 months after ${v.eksRelease}`);
            assert.strictEqual(v.endOfExtendedSupport, monthsLater(v.endOfStandardSupport, 12), `${v.version}: extended support ends 12 months later`);
        });
        // A release date from an announcement (endoflife.date's 1.35: 2026-01-28) instead of the calendar is caught.
        assert.notStrictEqual("2027-03-27", monthsLater("2026-01-28", 14));
    });

    it("every version config accepts is in EKS support and supported by the cert-manager release the stack installs; the others are refused, naming why", () => {
        const verdicts = EKS_VERSIONS.map((v) => ({ version: v.version, refused: configVerdict(v.version) }));
        for (const { version, refused } of verdicts) {
            const ended = supportStatus(version, new Date()) === "ended";
            const supported = certManagerSupports(version);
            if (!ended && supported) assert.strictEqual(refused, undefined, `${version} is refused: ${refused}`);
            else if (ended) assert.match(String(refused), /past the end of EKS extended support/, version);
            else
                assert.match(
                    String(refused),
                    new RegExp(
                        `strongroom:kubernetesVersion: is "${version}": must be a version cert-manager ${CERT_MANAGER_CHART.version} \\(which the stack installs\\) supports`,
                    ),
                    version,
                );
        }
        assert.ok(certManagerSupports(DEFAULT_KUBERNETES_VERSION), `cert-manager ${CERT_MANAGER_CHART.version} does not support the default`);
        // The check is not blind: the release pinned before, cert-manager 1.19 (1.31 to 1.35), does not cover 1.36.
        assert.strictEqual(certManagerSupports("1.36", { from: "1.31", to: "1.35" }), false);
    });

    describe("a running cluster moves one minor version at a time to the default", () => {
        const clusterName = eksClusterName("strongroom-prod-vault-cluster");
        /** The prod stack planned against an account whose cluster already runs `running`. */
        const planRunning = (running: string) =>
            runOffline(strongroom, "prod", readStackConfig("prod"), {
                call: (args) => {
                    if (args.token === "aws:eks/getClusters:getClusters") return { names: [clusterName] };
                    if (args.token === "aws:eks/getCluster:getCluster") return { name: clusterName, version: running };
                    return undefined;
                },
            });
        const previous = `1.${Number(DEFAULT_KUBERNETES_VERSION.split(".")[1]) - 1}`;

        it(`a stack on ${previous} (the previous default) upgrades to ${DEFAULT_KUBERNETES_VERSION}: the cluster, its nodes and add-ons follow in one pulumi up`, async () => {
            const run = await planRunning(previous);
            const cluster = run.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
            assert.strictEqual(cluster.inputs.version, DEFAULT_KUBERNETES_VERSION);
            assert.deepStrictEqual(versionDrift(run.resources), []);
        });

        it("a stack two minors behind the default is refused before anything is created, naming the version to set first", async () => {
            const twoBehind = `1.${Number(DEFAULT_KUBERNETES_VERSION.split(".")[1]) - 2}`;
            const failed = await planRunning(twoBehind).then(
                () => undefined,
                (err: unknown) => err as ProgramFailed,
            );
            assert.ok(failed instanceof ProgramFailed, "the skip was not refused");
            assert.ok(failed.cause instanceof ConfigError);
            assert.match(
                failed.message,
                new RegExp(`strongroom:kubernetesVersion.*the cluster runs ${twoBehind}.*Set ${previous.replace(".", "\\.")}, run \`pulumi up\``),
            );
            assert.deepStrictEqual(
                failed.resources.filter((r) => r.custom).map((r) => r.type),
                ["pulumi:providers:aws"],
                "nothing but the provider was registered",
            );
        });
    });

    it("an upgrade is one minor at a time, never a downgrade", () => {
        assert.strictEqual(upgradeStepProblem("1.35", "1.36"), undefined);
        assert.strictEqual(upgradeStepProblem("1.36", "1.36"), undefined);
        assert.match(String(upgradeStepProblem("1.34", "1.36")), /one minor version at a time. Set 1.35, run `pulumi up`/);
        assert.match(String(upgradeStepProblem("1.36", "1.35")), /cannot downgrade/);
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
