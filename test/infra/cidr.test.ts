import * as assert from "assert";
import { cidrSubnet, cidrsOverlap, parseCidr } from "../../infra/cidr";
import { subnetPlan } from "../../infra/network";

describe("cidr", () => {
    it("parses only aligned IPv4 blocks", () => {
        assert.deepStrictEqual(parseCidr("10.20.0.0/16"), { base: 0x0a140000, prefix: 16 });
        for (const bad of ["10.20.1.0/16", "10.0.0.0/33", "256.0.0.0/8", "10.0.0/8", "fe80::/10", ""]) assert.strictEqual(parseCidr(bad), undefined, bad);
    });

    it("takes sub-blocks like Terraform's cidrsubnet", () => {
        assert.strictEqual(cidrSubnet("10.20.0.0/16", 3, 0), "10.20.0.0/19");
        assert.strictEqual(cidrSubnet("10.20.0.0/16", 3, 5), "10.20.160.0/19");
        assert.strictEqual(cidrSubnet("10.20.0.0/16", 6, 63), "10.20.252.0/22");
        assert.throws(() => cidrSubnet("10.20.0.0/16", 3, 8));
    });

    it("detects overlap in either direction", () => {
        assert.ok(cidrsOverlap("10.0.0.0/8", "10.20.0.0/16"));
        assert.ok(cidrsOverlap("10.20.0.0/16", "10.0.0.0/8"));
        assert.ok(!cidrsOverlap("172.20.0.0/16", "10.20.0.0/16"));
    });

    it("plans disjoint private and public subnets for up to six zones, down to a /22 VPC", () => {
        for (const vpc of ["10.20.0.0/16", "192.168.4.0/22"]) {
            const plan = subnetPlan(vpc, 6);
            const all = [...plan.privateCidrs, ...plan.publicCidrs];
            for (let i = 0; i < all.length; i++) {
                assert.ok(cidrsOverlap(vpc, all[i]), `${all[i]} outside ${vpc}`);
                for (let j = i + 1; j < all.length; j++) assert.ok(!cidrsOverlap(all[i], all[j]), `${all[i]} overlaps ${all[j]}`);
            }
            assert.ok(
                plan.publicCidrs.every((c) => parseCidr(c)!.prefix <= 28),
                "AWS subnets are /28 or larger",
            );
        }
    });
});
