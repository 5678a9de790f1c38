// Class check: no principal that runs unreviewed code (the CI preview role runs any pull request's code) holds admin,
// write or exec on the cluster, or reads its Secrets: judged by what each EKS access policy grants
// (test/support/cluster-access.ts), over the shipped eks stack and generated access lists.
import * as assert from "assert";
import { ConfigError, parseStackConfig } from "../../stacks/config";
import { unreviewedPowers, unreviewedPrincipals } from "../support/cluster-access";
import { editedConfig, planConfig } from "../support/stack";

const PREVIEW = "arn:aws:iam::123456789012:role/strongroom-ci-preview";
const OPERATORS = "arn:aws:iam::123456789012:role/vault-operators";
const AUDITOR = "arn:aws:iam::123456789012:role/auditors";

const LISTS: [string, string[], string[]][] = [
    ["prod as shipped", [OPERATORS], [PREVIEW]],
    ["two viewers, no admin", [], [PREVIEW, AUDITOR]],
    ["admins only", [OPERATORS, AUDITOR], []],
    ["nobody but the creator", [], []],
];

describe("no principal that runs unreviewed code holds admin, write or exec on the cluster", function () {
    this.timeout(300_000);
    for (const [what, admins, viewers] of LISTS) {
        it(what, async () => {
            const config = editedConfig("prod", {
                "strongroom:clusterAdminRoleArns": JSON.stringify(admins),
                "strongroom:clusterViewerRoleArns": JSON.stringify(viewers),
            });
            const run = await planConfig("prod", config);
            assert.deepStrictEqual(unreviewedPowers(run.resources, unreviewedPrincipals(config)), []);
            // The health probe's own entry maps only to a namespaced pod-listing Role (infra/probe/eks-access.ts).
            const entries = run.resources
                .filter((r) => r.type === "aws:eks/accessEntry:AccessEntry" && !r.name.endsWith("-probe-to-vault-access"))
                .map((r) => r.inputs.principalArn);
            assert.deepStrictEqual(entries.sort(), [...admins, ...viewers].sort(), "every listed role gets exactly one entry");
        });
    }

    it("a role in both lists is refused before anything is created", () => {
        const config = editedConfig("prod", {
            "strongroom:clusterAdminRoleArns": JSON.stringify([PREVIEW]),
            "strongroom:clusterViewerRoleArns": JSON.stringify([PREVIEW]),
        });
        assert.throws(
            () => parseStackConfig(config, "prod"),
            (err: unknown) =>
                err instanceof ConfigError &&
                err.issues.some((i) => i.key === "strongroom:clusterViewerRoleArns[0]" && /must never be an admin/.test(i.message)),
        );
    });

    it("the check is not blind: the first version (preview role cluster-admin), admin-view and edit are caught", async () => {
        const config = editedConfig("prod", {});
        const run = await planConfig("prod", config);
        for (const [policy, powers] of [
            ["AmazonEKSClusterAdminPolicy", "write, exec, readSecrets"],
            ["AmazonEKSAdminViewPolicy", "exec, readSecrets"],
            ["AmazonEKSEditPolicy", "write, exec, readSecrets"],
        ]) {
            const mutated = run.resources.map((r) =>
                r.type === "aws:eks/accessPolicyAssociation:AccessPolicyAssociation" && r.inputs.principalArn === PREVIEW
                    ? { ...r, inputs: { ...r.inputs, policyArn: `arn:aws:eks::aws:cluster-access-policy/${policy}` } }
                    : r,
            );
            assert.deepStrictEqual(unreviewedPowers(mutated, [PREVIEW]), [`${PREVIEW} runs unreviewed code and holds ${policy}: ${powers}`]);
        }
        const grouped = run.resources.map((r) =>
            r.type === "aws:eks/accessEntry:AccessEntry" && r.inputs.principalArn === PREVIEW
                ? { ...r, inputs: { ...r.inputs, kubernetesGroups: ["ops"] } }
                : r,
        );
        assert.match(unreviewedPowers(grouped, [PREVIEW])[0], /joins Kubernetes groups \["ops"\]/);
    });
});
