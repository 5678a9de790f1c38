// Class: volume sizes are Kubernetes quantities, judged in bytes against gp3's 1 GiB to 64 TiB. Generated: one size
// in every spelling the API server reads (binary and decimal suffixes, plain bytes, exponents, fractions, millis),
// the bounds to the byte, malformed spellings; and the cost estimate prices every spelling of a size alike.
import * as assert from "assert";
import { estimateCost } from "../../scripts/cost/estimate";
import { GIB, quantityBytes, volumeGib } from "../../infra/quantity";
import type { EksConfig } from "../../stacks/config";
import { GP3_MAX_GIB } from "../../stacks/config-volume-size";
import { accepted, refused } from "../support/config-verdict";
import { one, planWith } from "../support/stack";

const SIZES = ["strongroom:dataStorageSize", "strongroom:auditStorageSize"] as const;

describe("config class: volume sizes as Kubernetes quantities", () => {
    it("reads one size in every spelling the API server reads as the same bytes, and accepts each", () => {
        const twentyGi = 20n * GIB;
        const spellings = [
            "20Gi",
            "20480Mi",
            "20971520Ki",
            "21474836480",
            "21474836480000m",
            "0.01953125Ti",
            "21.47483648G",
            "21474836.48k",
            "2.147483648e10",
            "2.147483648E10",
            "+20Gi",
        ];
        for (const spelling of spellings) {
            assert.strictEqual(quantityBytes(spelling), twentyGi, spelling);
            for (const key of SIZES) {
                const config = accepted("prod", { [key]: spelling }, spelling) as EksConfig;
                assert.strictEqual(key.endsWith("dataStorageSize") ? config.dataStorageSize : config.auditStorageSize, spelling, "kept as given");
            }
        }
        for (const [spelling, bytes] of [
            ["100G", 100_000_000_000n],
            ["1Ti", 1n << 40n],
            ["1.5Gi", 3n * (GIB / 2n)],
            ["5e9", 5_000_000_000n],
        ] as const) {
            assert.strictEqual(quantityBytes(spelling), bytes, spelling);
            accepted("prod", { "strongroom:dataStorageSize": spelling }, spelling);
        }
    });

    it("holds gp3's bounds to the byte: 1 GiB and 64 TiB are taken, a byte less or more is not", () => {
        const max = BigInt(GP3_MAX_GIB) * GIB;
        for (const [size, ok] of [
            [String(GIB), true],
            [String(GIB - 1n), false],
            ["1Gi", true],
            ["1023Mi", false],
            ["64Ti", true],
            [String(max), true],
            [String(max + 1n), false],
            ["65537Gi", false],
            ["0", false],
            ["-20Gi", false],
        ] as const) {
            for (const key of SIZES) {
                if (ok) accepted("prod", { [key]: size }, `${key} ${size}`);
                else refused("prod", { [key]: size }, key, `${key} ${size}`);
            }
        }
    });

    it("refuses what is not a quantity", () => {
        for (const bad of ["20GB", "20gi", "20 Gi", "ten", "Gi", "1.2.3Gi", "20Gib", "0x10Gi", "20Gi ", "", "1e", "20iB"]) {
            for (const key of SIZES) refused("prod", { [key]: bad }, key, JSON.stringify(bad));
        }
    });

    it("the chart gets the quantity as given, and the estimate prices every spelling of a size alike", async () => {
        const priced: number[] = [];
        for (const spelling of ["20Gi", "21474836480", "20480Mi"]) {
            const run = await planWith("prod", { "strongroom:dataStorageSize": spelling }, `prod-size-${spelling}`);
            const values = JSON.parse(JSON.stringify(one(run, "kubernetes:helm.sh/v3:Release", "-vault-vault").inputs.values));
            assert.strictEqual(values.server.dataStorage.size, spelling);
            priced.push(estimateCost("prod", "eu-west-1", run, { secrets: 100, asOf: new Date("2026-11-30") }).monthly);
        }
        assert.ok(
            priced.every((p) => p === priced[0]),
            priced.join(", "),
        );
        assert.strictEqual(volumeGib("100G"), 94, "EBS sizes are whole GiB: 100 GB gets a 94 GiB volume");
    });
});
