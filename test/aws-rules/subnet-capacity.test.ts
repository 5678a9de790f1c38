// Class check: every subnet is large enough for what is placed in it (test/support/subnet-capacity.ts), for VPCs from
// /16 to /22 over 2 to 6 zones, on both layouts and both load balancer schemes: each config either plans subnets that
// hold everything or stops with a config error naming strongroom:vpcCidr.
import * as assert from "assert";
import { subnetPlan } from "../../infra/network";
import { parseCidr } from "../../infra/cidr";
import { ConfigError, parseStackConfig } from "../../stacks/config";
import { ALB_MIN_PREFIX, subnetProblems } from "../support/subnet-capacity";
import { editedConfig, planConfig } from "../support/stack";

const LAYOUTS: Record<string, { stack: string; edit: Record<string, string>; zones: number[] }> = {
    "ec2, internal ALB": { stack: "dev", edit: {}, zones: [2, 6] },
    "ec2, internet-facing ALB": {
        stack: "dev",
        edit: { "strongroom:loadBalancerScheme": "internet-facing", "strongroom:replicationEnabled": "false" },
        zones: [2, 6],
    },
    "eks, internal NLB": { stack: "prod", edit: {}, zones: [3, 6] },
};

describe("every subnet is large enough for what is placed in it", function () {
    this.timeout(600_000);
    let planned = 0;
    for (const [what, layout] of Object.entries(LAYOUTS)) {
        for (const prefix of [16, 21, 22]) {
            for (const zones of layout.zones) {
                it(`${what}, a /${prefix} VPC over ${zones} zones`, async () => {
                    const config = editedConfig(layout.stack, {
                        ...layout.edit,
                        "strongroom:vpcCidr": `10.20.0.0/${prefix}`,
                        "strongroom:azCount": String(zones),
                    });
                    try {
                        parseStackConfig(config, layout.stack);
                    } catch (err) {
                        assert.ok(err instanceof ConfigError && err.issues.every((i) => i.key === "strongroom:vpcCidr"), String(err));
                        return;
                    }
                    planned++;
                    assert.deepStrictEqual(subnetProblems((await planConfig(layout.stack, config)).resources), []);
                });
            }
        }
    }

    it("most of the matrix plans (the config refuses only what cannot fit)", () => assert.ok(planned >= 14, `${planned} planned`));

    it("every public subnet of every VPC /16 to /22 over 2 to 6 zones can hold an ALB, and no two subnets overlap", () => {
        for (let prefix = 16; prefix <= 22; prefix++) {
            for (let zones = 2; zones <= 6; zones++) {
                const plan = subnetPlan(`10.20.0.0/${prefix}`, zones);
                for (const block of plan.publicCidrs) assert.ok(parseCidr(block)!.prefix <= ALB_MIN_PREFIX, `/${prefix} x ${zones}: ${block}`);
                const all = [...plan.privateCidrs, ...plan.publicCidrs].map((b) => parseCidr(b)!);
                for (const a of all)
                    for (const b of all)
                        if (a !== b) assert.ok(a.base + 2 ** (32 - a.prefix) <= b.base || b.base + 2 ** (32 - b.prefix) <= a.base, `/${prefix} x ${zones}`);
            }
        }
    });

    it("the check is not blind: the first version's /28 public subnets in a /22 VPC and an eks /22 are caught", async () => {
        const run = await planConfig("dev", editedConfig("dev", { ...LAYOUTS["ec2, internet-facing ALB"].edit, "strongroom:vpcCidr": "10.20.0.0/22" }));
        const old = run.resources.map((r) =>
            r.type === "aws:ec2/subnet:Subnet" && r.name.includes("-public-")
                ? { ...r, inputs: { ...r.inputs, cidrBlock: r.inputs.cidrBlock.replace(/\/27$/, "/28") } }
                : r,
        );
        assert.match(subnetProblems(old).join("\n"), /public-0 10\.20\.3\.0\/28: an Application Load Balancer needs a \/27 or larger/);
        // eks on a /22 (refused by config): the plan it would make overflows its private subnets with pods.
        const prod = await planConfig("prod", editedConfig("prod", { "strongroom:vpcCidr": "10.20.0.0/21" }));
        const squeezed = prod.resources.map((r) =>
            r.type === "aws:ec2/subnet:Subnet" && r.name.includes("-private-")
                ? { ...r, inputs: { ...r.inputs, cidrBlock: r.inputs.cidrBlock.replace(/\/24$/, "/25") } }
                : r,
        );
        assert.match(subnetProblems(squeezed).join("\n"), /private-0 10\.20\.0\.0\/25: 123 usable addresses, \d+ needed .*\(nodes and pods\) 120/);
    });
});
