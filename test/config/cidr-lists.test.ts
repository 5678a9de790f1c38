// Class: CIDR lists judged by the addresses they cover, not their spelling. Generated: a block split into 2..16
// equal parts (in any order, or with one part missing), 0.0.0.0/0 split the same way, every special-purpose block of
// IANA's registry (itself, a host inside it, a block around it) in the EKS public endpoint list, and the
// documentation ranges, which plan with a warning.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { cidrSubnet, formatCidr, parseCidr } from "../../infra/cidr";
import { cidrsCover, coverEverything } from "../../infra/cidr-ranges";
import { SPECIAL_IPV4 } from "../../infra/special-ipv4";
import { configWarnings } from "../../stacks/config-warnings";
import { accepted, refused, verdict } from "../support/config-verdict";
import { planWith } from "../support/stack";

/** `cidr` split into 2^bits equal blocks. */
const split = (cidr: string, bits: number) => Array.from({ length: 2 ** bits }, (_, i) => cidrSubnet(cidr, bits, i));
/** A seeded shuffle, so a failure names a case that can be run again. */
function shuffled<T>(items: T[], seed: number): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const j = seed % (i + 1);
        [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
}

describe("config class: CIDR lists judged by the addresses they cover", () => {
    it("the union arithmetic: parts cover their whole, in any order, and a missing part breaks it", () => {
        for (let bits = 0; bits <= 4; bits++) {
            const parts = split("10.20.0.0/16", bits);
            assert.ok(cidrsCover(shuffled(parts, bits), "10.20.0.0/16"), `${bits}`);
            if (bits > 0)
                for (let drop = 0; drop < parts.length; drop++)
                    assert.ok(
                        !cidrsCover(
                            parts.filter((_, i) => i !== drop),
                            "10.20.0.0/16",
                        ),
                    );
            assert.strictEqual(coverEverything(split("0.0.0.0/0", bits)), true);
        }
        assert.ok(!coverEverything(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3"]), "224.0.0.0/3 missing");
    });

    it("eks-raft: allowedCidrs covering the VPC by several blocks is as good as the VPC itself; missing a part is not", () => {
        for (let bits = 0; bits <= 4; bits++) {
            const parts = split("10.20.0.0/16", bits);
            accepted("prod", { "strongroom:allowedCidrs": shuffled(parts, 7 + bits) }, `${parts.length} parts`);
            accepted("prod", { "strongroom:allowedCidrs": [...parts, "192.168.0.0/16"] }, `${parts.length} parts and another network`);
            if (bits > 0) {
                const issue = refused(
                    "prod",
                    { "strongroom:allowedCidrs": parts.slice(1) },
                    "strongroom:allowedCidrs",
                    `${parts.length - 1} of ${parts.length} parts`,
                );
                assert.match(issue.message, /must cover the VPC \(10\.20\.0\.0\/16\)/);
            }
        }
        // Overlapping blocks that reach past the VPC on both sides.
        accepted("prod", { "strongroom:allowedCidrs": ["10.16.0.0/14", "10.20.0.0/15"] });
    });

    it("0.0.0.0/0 spelt as 2 to 16 blocks gets the verdict 0.0.0.0/0 gets, on every list that refuses it", () => {
        for (let bits = 1; bits <= 4; bits++) {
            const everything = shuffled(split("0.0.0.0/0", bits), bits);
            const cases: [string, string, string][] = [
                ["prod", "strongroom:endpointPublicAccessCidrs", "strongroom:endpointPublicAccessCidrs"],
                ["prod", "strongroom:endpointPrivateAccessCidrs", "strongroom:endpointPrivateAccessCidrs"],
                ["dev", "strongroom:allowedCidrs", "strongroom:allowedCidrs"],
            ];
            for (const [stack, key, named] of cases) {
                assert.ok("issues" in verdict(stack, { [key]: ["0.0.0.0/0"] }), `${key} 0.0.0.0/0 is refused`);
                assert.match(refused(stack, { [key]: everything }, named, `${key} as ${everything.length} blocks`).message, /together cover 0\.0\.0\.0\/0/);
            }
        }
        // Where 0.0.0.0/0 is allowed (an internet-facing ALB), its halves are too.
        const publicAlb = { "strongroom:loadBalancerScheme": "internet-facing", "strongroom:replicationEnabled": "false" };
        accepted("dev", { ...publicAlb, "strongroom:allowedCidrs": ["0.0.0.0/0"] });
        accepted("dev", { ...publicAlb, "strongroom:allowedCidrs": ["0.0.0.0/1", "128.0.0.0/1"] });
    });

    it("the EKS public endpoint refuses every reserved block: the block, a host in it, a block around it", () => {
        for (const special of SPECIAL_IPV4.filter((s) => s.use !== "documentation")) {
            const { base, prefix } = parseCidr(special.cidr)!;
            const host = formatCidr({ base: base + 1, prefix: 32 });
            const around = formatCidr({ base: (base & (~0 << (33 - prefix))) >>> 0, prefix: prefix - 1 });
            for (const block of [special.cidr, host]) {
                const issue = refused(
                    "prod",
                    { "strongroom:endpointPublicAccessCidrs": ["185.199.108.0/22", block] },
                    "strongroom:endpointPublicAccessCidrs[1]",
                    block,
                );
                assert.match(issue.message, new RegExp(special.cidr.replace(/[./]/g, "\\$&")));
            }
            if (!coverEverything([around]))
                refused("prod", { "strongroom:endpointPublicAccessCidrs": [around] }, "strongroom:endpointPublicAccessCidrs[0]", around);
        }
    });

    it("the EKS public endpoint takes public ranges, and private networks go in the private list instead", () => {
        for (const block of [
            "185.199.108.0/22",
            "52.95.110.1/32",
            "8.8.8.0/24",
            "1.1.1.1/32",
            "100.63.255.0/24",
            "100.128.0.0/16",
            "172.32.0.0/16",
            "11.0.0.0/8",
        ]) {
            accepted("prod", { "strongroom:endpointPublicAccessCidrs": [block] }, block);
        }
        accepted("prod", { "strongroom:endpointPrivateAccessCidrs": ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] });
    });

    it("a documentation range plans, with a warning naming the key; a block around one is refused", () => {
        for (const doc of SPECIAL_IPV4.filter((s) => s.use === "documentation")) {
            const host = doc.cidr.replace(/0\/24$/, "7/32");
            for (const block of [doc.cidr, host]) {
                const config = accepted("prod", { "strongroom:endpointPublicAccessCidrs": ["185.199.108.0/22", block] }, block);
                const warnings = configWarnings(config);
                assert.strictEqual(warnings.length, 1, block);
                assert.match(warnings[0], /^strongroom:endpointPublicAccessCidrs\[1\] .* documentation .*before `pulumi up`/);
            }
            refused(
                "prod",
                { "strongroom:endpointPublicAccessCidrs": [doc.cidr.replace(/\.\d+\.0\/24$/, ".0.0/16")] },
                "strongroom:endpointPublicAccessCidrs[0]",
            );
        }
        assert.deepStrictEqual(configWarnings(accepted("prod", { "strongroom:endpointPublicAccessCidrs": ["185.199.108.0/22"] })), []);
    });

    it("the shipped prod, whose placeholder is 203.0.113.0/24, plans and warns at plan time", async () => {
        const warned: string[] = [];
        const warn = pulumi.log.warn;
        pulumi.log.warn = async (message: string) => void warned.push(message);
        try {
            await planWith("prod", {}, "prod-warned");
        } finally {
            pulumi.log.warn = warn;
        }
        assert.ok(
            warned.some((w) => w.startsWith("strongroom:endpointPublicAccessCidrs[0] 203.0.113.0/24 is a documentation (TEST-NET-3) range")),
            warned.join("\n"),
        );
    });

    it("keeps the README's refusal of 0.0.0.0/0 in allowedCidrs on an internal load balancer (least privilege)", () => {
        refused("dev", { "strongroom:allowedCidrs": ["0.0.0.0/0"] }, "strongroom:allowedCidrs[0]");
        refused("staging", { "strongroom:allowedCidrs": ["0.0.0.0/0", "10.0.0.0/8"] }, "strongroom:allowedCidrs[0]");
    });
});
