// Class: EKS's serviceIpv4Cidr rules (RFC 1918 only, /24 to /12, no overlap with any block of the cluster's VPC),
// for a VPC the stack creates (config) and for an existing one (its blocks read before anything is registered).
import * as assert from "assert";
import { cidrContains, cidrsOverlap, formatCidr } from "../../infra/cidr";
import { MOCK_EXISTING_VPC_CIDR } from "../../scripts/offline/mocks";
import { ProgramFailed } from "../../scripts/offline/recorder";
import { ConfigError } from "../../stacks/config";
import { SERVICE_CIDR_PRIVATE_BLOCKS } from "../../stacks/config-service-cidr";
import { accepted, refused, verdict } from "../support/config-verdict";
import { one, planWith } from "../support/stack";

const VPC = "10.20.0.0/16"; // prod's (the default)
const KEY = "strongroom:serviceCidr";
const rfc1918 = (block: string) => SERVICE_CIDR_PRIVATE_BLOCKS.some((p) => cidrContains(p, block));

/** The block of `prefix` bits starting at a.b.c.d, aligned down. */
function block(a: number, b: number, prefix: number): string {
    const base = (((a << 24) | (b << 16)) >>> 0) & (prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0);
    return formatCidr({ base: base >>> 0, prefix });
}

describe("config class: the EKS service CIDR", () => {
    it("takes /12 to /24 and nothing wider or narrower, in each private block", () => {
        for (const [a, b] of [
            [172, 16],
            [192, 168],
            [10, 128],
        ]) {
            for (let prefix = 8; prefix <= 28; prefix++) {
                const cidr = block(a, b, prefix);
                const ok = prefix >= 12 && prefix <= 24 && rfc1918(cidr) && !cidrsOverlap(cidr, VPC);
                const v = verdict("prod", { [KEY]: cidr });
                assert.strictEqual("config" in v, ok, `${cidr}: ${"issues" in v ? v.issues.map((i) => i.message).join(" | ") : "accepted"}`);
                if (!ok) refused("prod", { [KEY]: cidr }, KEY);
            }
        }
    });

    it("takes a /16 only inside 10/8, 172.16/12 or 192.168/16: every first octet, and the blocks around the private ones", () => {
        const candidates = [
            ...Array.from({ length: 256 }, (_, a) => block(a, 100, 16)),
            "100.64.0.0/16",
            "169.254.0.0/16",
            "172.15.0.0/16",
            "172.32.0.0/16",
            "192.167.0.0/16",
            "192.169.0.0/16",
            "11.0.0.0/16",
        ];
        for (const cidr of candidates) {
            const ok = rfc1918(cidr) && !cidrsOverlap(cidr, VPC);
            assert.strictEqual("config" in verdict("prod", { [KEY]: cidr }), ok, cidr);
        }
    });

    it("refuses every block that shares an address with the VPC: inside it, around it, the VPC itself", () => {
        for (const cidr of ["10.20.0.0/16", "10.20.128.0/24", "10.20.255.0/24", "10.16.0.0/12", "10.20.64.0/18"]) {
            assert.match(refused("prod", { [KEY]: cidr }, KEY).message, /overlaps strongroom:vpcCidr 10\.20\.0\.0\/16.*e\.g\. 172\.20\.0\.0\/16/);
        }
        for (const cidr of ["10.21.0.0/16", "10.19.255.0/24", "10.32.0.0/12"]) accepted("prod", { [KEY]: cidr });
        // The suggested range is one that fits: a VPC on EKS's own default service range gets another default.
        assert.match(
            refused("prod", { "strongroom:vpcCidr": "172.20.0.0/16", "strongroom:allowedCidrs": ["172.20.0.0/16"] }, KEY).message,
            /e\.g\. 10\.100\.0\.0\/16/,
        );
    });

    it("reads an existing VPC's blocks before anything is registered, and refuses a service range inside any of them", async () => {
        const byo = {
            "strongroom:existingVpcId": "vpc-0a1b2c3d4e5f67890",
            "strongroom:existingPrivateSubnetIds": JSON.stringify(["subnet-0a1b2c3d4e5f67891", "subnet-0a1b2c3d4e5f67892", "subnet-0a1b2c3d4e5f67893"]),
            "strongroom:existingVpcEndpoints": "present",
        };
        const inside = MOCK_EXISTING_VPC_CIDR.replace(/\.0\.0\/16$/, ".128.0/24");
        accepted("prod", { ...byo, [KEY]: inside }, "config alone cannot know the VPC's blocks");
        const err = await planWith("prod", { ...byo, [KEY]: inside }, "prod-byo-service-cidr").then(
            () => undefined,
            (e) => e,
        );
        assert.ok(err instanceof ProgramFailed && err.cause instanceof ConfigError, String(err));
        assert.deepStrictEqual(
            err.cause.issues.map((i) => i.key),
            [KEY],
        );
        assert.match(err.cause.issues[0].message, new RegExp(`overlaps ${MOCK_EXISTING_VPC_CIDR.replace(/\./g, "\\.")} of strongroom:existingVpcId`));
        assert.deepStrictEqual(
            err.resources.filter((r) => !r.type.startsWith("pulumi:providers:")).map((r) => r.type),
            [],
            "nothing but the provider is registered",
        );
        const run = await planWith("prod", { ...byo, [KEY]: "172.20.0.0/16" }, "prod-byo-service-cidr-ok");
        assert.strictEqual(one(run, "aws:eks/cluster:Cluster").inputs.kubernetesNetworkConfig.serviceIpv4Cidr, "172.20.0.0/16");
    });

    it("refuses allowedCidrs that miss an existing private subnet the replication function runs in", async () => {
        const byo = {
            "strongroom:existingVpcId": "vpc-0a1b2c3d4e5f67890",
            "strongroom:existingPrivateSubnetIds": JSON.stringify(["subnet-0a1b2c3d4e5f67891", "subnet-0a1b2c3d4e5f67892", "subnet-0a1b2c3d4e5f67893"]),
            "strongroom:existingVpcEndpoints": "present",
        };
        const err = await planWith("prod", { ...byo, "strongroom:allowedCidrs": JSON.stringify(["192.168.0.0/16"]) }, "prod-byo-clients").then(
            () => undefined,
            (e) => e,
        );
        assert.ok(err instanceof ProgramFailed && err.cause instanceof ConfigError, String(err));
        assert.deepStrictEqual(
            err.cause.issues.map((i) => i.key),
            ["strongroom:allowedCidrs"],
        );
        // Covered by the VPC's block, or by the subnets' own /24s: the same addresses either way.
        await planWith("prod", { ...byo, "strongroom:allowedCidrs": JSON.stringify([MOCK_EXISTING_VPC_CIDR]) }, "prod-byo-clients-vpc");
        await planWith(
            "prod",
            { ...byo, "strongroom:allowedCidrs": JSON.stringify(["10.99.145.0/24", "10.99.146.0/24", "10.99.147.0/24"]) },
            "prod-byo-clients-subnets",
        );
    });
});
