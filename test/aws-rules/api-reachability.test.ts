// Class check: every Kubernetes API endpoint `pulumi up` talks to is reachable, at deploy time, by whoever the config
// says runs it (strongroom:deployFrom and its ranges), over a matrix of generated configs: each either plans a
// reachable endpoint or stops with a config error naming the key to fix. EKS's rules: test/support/api-reachability.ts.
import * as assert from "assert";
import { ConfigError, parseStackConfig } from "../../stacks/config";
import { deployersOf, unreachableEndpoints } from "../support/api-reachability";
import { editedConfig, planConfig } from "../support/stack";

const BYO = {
    "strongroom:existingVpcId": "vpc-0a1b2c3d4e5f60718",
    "strongroom:existingPrivateSubnetIds": JSON.stringify(["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712", "subnet-0a1b2c3d4e5f60713"]),
    "strongroom:existingVpcEndpoints": "present",
};

interface Case {
    readonly name: string;
    readonly config: Record<string, string>;
}

function matrix(): Case[] {
    const cases: Case[] = [];
    for (const deployFrom of ["internet", "vpc", undefined])
        for (const publicCidrs of [[], ["203.0.113.0/24"]])
            for (const privateCidrs of [[], ["10.30.1.0/24"]])
                for (const byo of [false, true]) {
                    const edit: Record<string, string | undefined> = {
                        "strongroom:deployFrom": deployFrom,
                        "strongroom:endpointPublicAccessCidrs": JSON.stringify(publicCidrs),
                        "strongroom:endpointPrivateAccessCidrs": JSON.stringify(privateCidrs),
                        ...(byo ? BYO : {}),
                    };
                    cases.push({
                        name: `deployFrom ${deployFrom ?? "unset"}, public ${JSON.stringify(publicCidrs)}, private ${JSON.stringify(privateCidrs)}${byo ? ", own VPC" : ", new VPC"}`,
                        config: editedConfig("prod", edit),
                    });
                }
    return cases;
}

describe("every Kubernetes API endpoint is reachable by who runs pulumi up", function () {
    this.timeout(600_000);
    let planned = 0;
    for (const c of matrix()) {
        it(c.name, async () => {
            try {
                parseStackConfig(c.config, "prod");
            } catch (err) {
                assert.ok(err instanceof ConfigError, String(err));
                assert.ok(
                    err.issues.some((i) => /^strongroom:(deployFrom|endpointPublicAccessCidrs|endpointPrivateAccessCidrs)$/.test(i.key)),
                    `refused, but not for where it deploys from:\n${err.message}`,
                );
                return;
            }
            const deployers = deployersOf(c.config);
            assert.ok(deployers.length > 0, "a valid config names where pulumi up runs");
            const run = await planConfig("prod", c.config);
            planned++;
            for (const d of deployers) assert.deepStrictEqual(unreachableEndpoints(run.resources, d), [], `${d.from} ${d.cidr}`);
        });
    }

    it("the matrix plans both ways of deploying (not every case refused)", () => {
        assert.ok(planned >= 4, `only ${planned} configs planned`);
    });

    it("the check is not blind: the first version (private endpoint, VPC made by the same up, no 443 rule) is caught", async () => {
        const run = await planConfig("prod", editedConfig("prod", {}));
        const old = run.resources.map((r) => {
            if (r.type !== "aws:eks/cluster:Cluster") return r;
            const vpcConfig = { ...r.inputs.vpcConfig, endpointPublicAccess: false, publicAccessCidrs: undefined, securityGroupIds: undefined };
            return { ...r, inputs: { ...r.inputs, vpcConfig } };
        });
        assert.deepStrictEqual(unreachableEndpoints(old, { from: "vpc", cidr: "10.20.0.0/24" }), [
            "strongroom-prod-vault-cluster-eks: its VPC is created by this same pulumi up, so no runner at 10.20.0.0/24 can be inside it yet",
        ]);
        assert.deepStrictEqual(unreachableEndpoints(old, { from: "internet", cidr: "203.0.113.7/32" }), [
            "strongroom-prod-vault-cluster-eks: the public endpoint is off, so 203.0.113.7/32 on the internet cannot reach it",
        ]);
        assert.match(unreachableEndpoints(run.resources, { from: "internet", cidr: "198.51.100.0/24" })[0], /admits 203.0.113.0\/24, not 198.51.100.0\/24/);
    });

    it("the check is not blind: in an existing VPC, a private endpoint with no 443 rule for the runner is caught", async () => {
        const run = await planConfig(
            "prod",
            editedConfig("prod", { ...BYO, "strongroom:deployFrom": "vpc", "strongroom:endpointPrivateAccessCidrs": '["10.30.1.0/24"]' }),
        );
        const withoutRule = run.resources.filter(
            (r) => r.type !== "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" || !r.name.includes("api-access"),
        );
        assert.match(
            unreachableEndpoints(withoutRule, { from: "vpc", cidr: "10.30.1.0/24" })[0],
            /no security group on the control plane admits 10.30.1.0\/24 on 443/,
        );
        assert.deepStrictEqual(unreachableEndpoints(run.resources, { from: "vpc", cidr: "10.30.1.0/24" }), []);
    });
});
