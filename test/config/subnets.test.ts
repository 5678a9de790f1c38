// Class: existing subnet lists. Each subnet once ("one per zone"), in one list only; and the public list only where
// something uses it (an internet-facing ALB on ec2-dynamodb). Generated: a repeat at every pair of positions in
// lists of 2 to 4, on both lists and both layouts; the public list on every layout and scheme.
import * as assert from "assert";
import { accepted, refused, verdict } from "../support/config-verdict";

const subnet = (n: number) => `subnet-0a1b2c3d4e5f67${n.toString(16).padStart(3, "0")}`;
const byo = (stack: string, edit: Record<string, unknown> = {}) => ({
    "strongroom:existingVpcId": "vpc-0a1b2c3d4e5f67890",
    "strongroom:existingVpcEndpoints": "present",
    "strongroom:existingPrivateSubnetIds": [1, 2, 3].map(subnet).slice(0, stack === "prod" ? 3 : 2),
    ...edit,
});
const publicFacing = { "strongroom:loadBalancerScheme": "internet-facing", "strongroom:replicationEnabled": "false" };

describe("config class: existing subnet lists", () => {
    it("refuses a subnet listed twice, naming the repeat, at every pair of positions", () => {
        for (const [stack, extra, key] of [
            ["dev", {}, "strongroom:existingPrivateSubnetIds"],
            ["prod", {}, "strongroom:existingPrivateSubnetIds"],
            ["dev", { ...publicFacing, "strongroom:existingPublicSubnetIds": [11, 12].map(subnet) }, "strongroom:existingPrivateSubnetIds"],
            ["dev", { ...publicFacing }, "strongroom:existingPublicSubnetIds"],
        ] as const) {
            for (let length = 2; length <= 4; length++) {
                for (let first = 0; first < length; first++) {
                    for (let second = first + 1; second < length; second++) {
                        const ids = Array.from({ length }, (_, i) => subnet(key.includes("Public") ? 20 + i : i + 1));
                        ids[second] = ids[first];
                        const edit = byo(stack, { ...extra, [key]: ids });
                        const issue = refused(stack, edit, `${key}[${second}]`, `${key} ${ids.join(",")}`);
                        assert.match(issue.message, new RegExp(`already item \\[${first}\\]`));
                    }
                }
            }
        }
    });

    it("accepts distinct subnets, and refuses one subnet in both lists", () => {
        accepted("dev", byo("dev"));
        accepted("prod", byo("prod"));
        accepted("dev", byo("dev", { ...publicFacing, "strongroom:existingPublicSubnetIds": [11, 12].map(subnet) }));
        refused("dev", byo("dev", { ...publicFacing, "strongroom:existingPublicSubnetIds": [1, 12].map(subnet) }), "strongroom:existingPublicSubnetIds[0]");
    });

    it("refuses public subnets where nothing uses them, naming when they apply; takes them on an internet-facing ALB", () => {
        const publicIds = { "strongroom:existingPublicSubnetIds": [11, 12].map(subnet) };
        assert.match(refused("dev", byo("dev", publicIds), "strongroom:existingPublicSubnetIds").message, /internal: only an internet-facing load balancer/);
        assert.match(
            refused("dev", byo("dev", { ...publicIds, "strongroom:loadBalancerScheme": "internal" }), "strongroom:existingPublicSubnetIds").message,
            /has no effect/,
        );
        assert.match(refused("prod", byo("prod", publicIds), "strongroom:existingPublicSubnetIds").message, /no effect on eks-raft/);
        accepted("dev", byo("dev", { ...publicIds, ...publicFacing }));
        // The same verdict whatever else the list holds: the key has no effect, so any value is refused.
        for (const ids of [[], [subnet(11)], [11, 12, 13].map(subnet)]) {
            assert.ok("issues" in verdict("prod", byo("prod", { "strongroom:existingPublicSubnetIds": ids })), JSON.stringify(ids));
        }
    });
});
