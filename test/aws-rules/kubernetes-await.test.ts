// Class check: no Kubernetes object the stack creates makes `pulumi up` wait for something that only `vault:init`
// brings (a ready Vault pod, an active one), and every object whose status another resource reads is awaited for
// that status. Judged by pulumi-kubernetes' own await rules per kind (test/support/k8s-await.ts), over every
// shipped eks stack and generated variants.
import * as assert from "assert";
import { OfflineRun } from "../../scripts/offline/recorder";
import { awaitedConditions, awaitProblems } from "../support/k8s-await";
import { editedConfig, one, planConfig } from "../support/stack";

const VARIANTS: Record<string, Record<string, string | undefined>> = {
    prod: {},
    "with the agent injector": { "strongroom:injectorEnabled": "true" },
    "without replication (no load balancer)": { "strongroom:replicationEnabled": "false", "strongroom:internalLoadBalancer": "false" },
    "in another namespace, unprotected": { "strongroom:namespace": "secrets", "strongroom:deletionProtection": "false" },
};

function mutate(run: OfflineRun, suffix: string, change: (inputs: any) => void): OfflineRun {
    return {
        ...run,
        resources: run.resources.map((r) => {
            if (!r.name.endsWith(suffix)) return r;
            const inputs = JSON.parse(JSON.stringify(r.inputs));
            change(inputs);
            return { ...r, inputs };
        }),
    };
}

describe("no Kubernetes object waits for Vault's state during pulumi up", function () {
    this.timeout(300_000);
    for (const [what, edit] of Object.entries(VARIANTS)) {
        it(`eks-raft ${what}`, async () => {
            const run = await planConfig("prod", editedConfig("prod", edit));
            assert.deepStrictEqual(awaitProblems(run.resources), []);
        });
    }

    it("the check is not blind: the first version's Service (no waitFor) and an awaited Vault release are caught", async () => {
        const run = await planConfig("prod", editedConfig("prod", {}));
        const oldService = mutate(run, "-vault-nlb", (i) => delete i.metadata.annotations["pulumi.com/waitFor"]);
        const problems = awaitProblems(oldService.resources);
        assert.strictEqual(problems.length, 1, problems.join("\n"));
        assert.match(
            problems[0],
            /^kubernetes:core\/v1:Service strongroom-prod-vault-nlb: waits for endpoints of pods labelled .*"vault-active":"true".*no pod carries those labels before vault:init$/,
        );
        const awaitedRelease = mutate(run, "-vault-vault", (i) => (i.skipAwait = false));
        assert.deepStrictEqual(awaitProblems(awaitedRelease.resources), [
            "kubernetes:helm.sh/v3:Release strongroom-prod-vault-vault: waits for chart vault's workloads, Vault's pods among them",
        ]);
    });

    it("the check is not blind: skipping the Service's await leaves the function's VAULT_ADDR unawaited", async () => {
        const run = await planConfig("prod", editedConfig("prod", {}));
        const skipped = mutate(run, "-vault-nlb", (i) => {
            delete i.metadata.annotations["pulumi.com/waitFor"];
            i.metadata.annotations["pulumi.com/skipAwait"] = "true";
        });
        assert.match(
            awaitProblems(skipped.resources).join("\n"),
            /strongroom-prod-replication-fn.* read its load balancer address, which it is never awaited for/,
        );
    });

    it("judges kinds, not names: a workload, a pod or a job of Vault's is caught; other workloads and rewrites of the same wait are not", async () => {
        const run = await planConfig("prod", editedConfig("prod", {}));
        const base = { urn: "u", custom: true, propertyDependencies: {} };
        const vaultLabels = { "app.kubernetes.io/name": "vault", "app.kubernetes.io/instance": "vault", component: "server" };
        const extra = [
            { ...base, type: "kubernetes:apps/v1:Deployment", name: "watcher", inputs: { spec: { template: { metadata: { labels: vaultLabels } } } } },
            {
                ...base,
                type: "kubernetes:batch/v1:Job",
                name: "bootstrap",
                inputs: { spec: { template: { spec: { containers: [{ env: [{ name: "VAULT_ADDR" }] }] } } } },
            },
            { ...base, type: "kubernetes:core/v1:Service", name: "all-pods", inputs: { spec: { type: "ClusterIP", selector: vaultLabels } } },
            { ...base, type: "kubernetes:apps/v1:Deployment", name: "other", inputs: { spec: { template: { metadata: { labels: { app: "other" } } } } } },
            { ...base, type: "kubernetes:core/v1:Service", name: "not-ready-too", inputs: { spec: { selector: vaultLabels, publishNotReadyAddresses: true } } },
        ];
        assert.deepStrictEqual(
            awaitProblems([...run.resources, ...extra]).map((p) => p.split(" ").slice(0, 2).join(" ").replace(/:$/, "")),
            ["kubernetes:apps/v1:Deployment watcher", "kubernetes:batch/v1:Job bootstrap", "kubernetes:core/v1:Service all-pods"],
        );
        const listForm = mutate(
            run,
            "-vault-nlb",
            (i) => (i.metadata.annotations["pulumi.com/waitFor"] = JSON.stringify(["jsonpath={.status.loadBalancer.ingress[0].hostname}"])),
        );
        assert.deepStrictEqual(awaitProblems(listForm.resources), []);
        assert.deepStrictEqual(awaitedConditions(one(run, "kubernetes:core/v1:Service")), [
            { kind: "jsonpath", path: "{.status.loadBalancer.ingress[0].hostname}", labels: {} },
        ]);
        const unknown = { ...base, type: "kubernetes:example.com/v1:Widget", name: "w", inputs: {} };
        assert.match(awaitProblems([unknown])[0], /does not know this kind/);
    });
});
