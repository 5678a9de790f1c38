// Class: aws:region is a Region AWS has and strongroom:azCount at most its zones (vendor/aws-regions, from AWS's
// Regions and Availability Zones pages). Generated from the table: every Region, its count and count + 1, near
// misses of every code; and the offline mock answers with the same zones, so a plan sees what a preview would.
import * as assert from "assert";
import { AWS_REGIONS, REGIONS_RETRIEVED } from "../../infra/aws-regions";
import { mockCall } from "../../scripts/offline/mocks";
import { ProgramFailed } from "../../scripts/offline/recorder";
import { accepted, refused, verdict } from "../support/config-verdict";
import { ofType, planWith } from "../support/stack";

const BYO = {
    "strongroom:existingVpcId": "vpc-0a1b2c3d4e5f67890",
    "strongroom:existingPrivateSubnetIds": ["subnet-0a1b2c3d4e5f67891", "subnet-0a1b2c3d4e5f67892", "subnet-0a1b2c3d4e5f67893"],
    "strongroom:existingVpcEndpoints": "present",
};

describe("config class: the Region and its zones", () => {
    it("the table is AWS's: 34 commercial Regions, each with at least 3 AZ IDs of its own prefix, retrieved within 12 months", () => {
        assert.strictEqual(AWS_REGIONS.length, 34);
        for (const r of AWS_REGIONS) {
            assert.match(r.code, /^[a-z]{2}-[a-z]+-\d$/);
            assert.ok(r.zoneIds.length >= 3, r.code);
            const prefixes = new Set(r.zoneIds.map((z) => z.replace(/-az\d+$/, "")));
            assert.strictEqual(prefixes.size, 1, `${r.code}: ${r.zoneIds.join(", ")}`);
            assert.strictEqual(new Set(r.zoneIds).size, r.zoneIds.length, r.code);
        }
        const ages = (Date.now() - Date.parse(REGIONS_RETRIEVED)) / 86_400_000;
        assert.ok(ages <= 366, `vendor/aws-regions was read on ${REGIONS_RETRIEVED}: re-read AWS's pages (vendor/aws-regions/SOURCE.md)`);
    });

    it("accepts every Region of the table, on both layouts, with as many zones as it has and refuses one more", () => {
        for (const r of AWS_REGIONS) {
            const zones = r.zoneIds.length;
            for (const stack of ["dev", "prod"]) {
                const base = { "aws:region": r.code };
                accepted(stack, { ...base, "strongroom:azCount": String(Math.min(zones, 6)) }, `${r.code} over ${Math.min(zones, 6)} zones`);
                if (zones < 6) {
                    const issue = refused(
                        stack,
                        { ...base, "strongroom:azCount": String(zones + 1) },
                        "strongroom:azCount",
                        `${r.code} over ${zones + 1} zones`,
                    );
                    assert.match(issue.message, new RegExp(`${r.code} has ${zones} Availability Zones`));
                }
            }
        }
    });

    it("the same number spelt as a number or a string gets the same verdict", () => {
        for (const count of [3, 4]) {
            const asString = "config" in verdict("dev", { "strongroom:azCount": String(count) });
            const asNumber = "config" in verdict("dev", { "strongroom:azCount": count });
            assert.strictEqual(asString, asNumber, String(count));
        }
    });

    it("judges no zone count against an existing VPC, whose subnets name the zones", () => {
        accepted("prod", { ...BYO, "strongroom:azCount": "6" });
    });

    it("refuses near misses of every Region's code: the next number, a zone, upper case, a truncation", () => {
        const known = new Set(AWS_REGIONS.map((r) => r.code));
        for (const r of AWS_REGIONS) {
            const next = r.code.replace(/\d+$/, (n) => String(Number(n) + 8));
            const misses = [`${r.code}a`, r.code.toUpperCase(), r.code.replace(/-\d+$/, ""), ...(known.has(next) ? [] : [next])];
            for (const miss of misses) {
                const issue = refused("dev", { "aws:region": miss }, "aws:region", miss);
                if (miss === `${r.code}a`) assert.match(issue.message, new RegExp(`Availability Zone of ${r.code}`));
            }
        }
        assert.match(refused("dev", { "aws:region": "eu-west-9" }, "aws:region").message, /did you mean eu-west-[123]\?/);
    });

    it("the disaster-recovery region is judged by the same table: every other Region taken, a near miss refused", () => {
        for (const r of AWS_REGIONS.filter((r) => r.code !== "eu-west-1")) accepted("dev", { "strongroom:drRegion": r.code }, r.code);
        for (const miss of ["eu-central-9", "eu-central-1a", "EU-CENTRAL-1"]) refused("dev", { "strongroom:drRegion": miss }, "strongroom:drRegion", miss);
    });

    it("the offline mock answers getAvailabilityZones with the Region's zones, so a plan spreads over real ones", async () => {
        for (const r of AWS_REGIONS) {
            const zones = mockCall({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {} } as never, r.code) as {
                names: string[];
                zoneIds: string[];
            };
            assert.deepStrictEqual(zones.zoneIds, [...r.zoneIds]);
            assert.strictEqual(zones.names.length, r.zoneIds.length);
        }
        const run = await planWith("dev", { "aws:region": "ca-central-1", "strongroom:azCount": "3" }, "dev-ca-central-1");
        const azs = ofType(run, "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone);
        assert.deepStrictEqual([...new Set(azs)].sort(), ["ca-central-1a", "ca-central-1b", "ca-central-1c"]);
    });

    it("a refused Region or zone count stops the program before any resource is registered", async () => {
        for (const edit of [{ "aws:region": "eu-west-9" }, { "strongroom:azCount": "4" }]) {
            const err = await planWith("dev", edit, "dev-refused").then(
                () => undefined,
                (e) => e,
            );
            assert.ok(err instanceof ProgramFailed, JSON.stringify(edit));
            assert.strictEqual(err.resources.length, 0);
        }
    });
});
