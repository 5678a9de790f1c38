// Class check: every add-on that runs pods (every EKS add-on; every Helm release `pulumi up` waits for) is created
// after a node group exists. EKS marks an add-on whose pods cannot be scheduled DEGRADED and `pulumi up` fails on it;
// an awaited release times out. The first version created the EBS CSI and CloudWatch add-ons with the cluster.
import * as assert from "assert";
import { addonsBeforeNodes } from "../support/pod-runners";
import { editedConfig, planConfig } from "../support/stack";

describe("every add-on that runs pods is created after the nodes", function () {
    this.timeout(300_000);
    for (const [what, edit] of Object.entries({
        prod: {},
        "prod with the injector": { "strongroom:injectorEnabled": "true" },
        "prod on 1.33": { "strongroom:kubernetesVersion": "1.33" },
    })) {
        it(what, async () => {
            const run = await planConfig("prod", editedConfig("prod", edit));
            assert.ok(run.resources.filter((r) => r.type === "aws:eks/addon:Addon").length >= 5, "the core, storage and logging add-ons are planned");
            assert.deepStrictEqual(addonsBeforeNodes(run), []);
        });
    }

    it("the check is not blind: the first version's add-ons with no dependency on the nodes are caught", async () => {
        const run = await planConfig("prod", editedConfig("prod", {}));
        const old = run.resources.map((r) => {
            if (r.type === "aws:eks/addon:Addon" && /ebs-csi|logs-addon/.test(r.name))
                return { ...r, dependencies: (r.dependencies ?? []).filter((u) => !u.includes("NodeGroup")) };
            if (r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "cert-manager") return { ...r, dependencies: [] };
            return r;
        });
        assert.deepStrictEqual(
            addonsBeforeNodes({ ...run, resources: old })
                .map((p) => p.split(" (")[1].split(")")[0])
                .sort(),
            ["amazon-cloudwatch-observability", "aws-ebs-csi-driver", "cert-manager"],
        );
    });
});
