// Autopilot as vault:configure writes it: cleanup on, never below the configured voters, and a dead-server
// threshold longer than every documented and measured part of a pod's legitimate absence.
import * as assert from "assert";
import { autopilotConfig, deadServerThresholdSeconds, POD_ABSENCE_BUDGET, vaultDuration } from "../../../scripts/ops/autopilot";

describe("raft autopilot configuration", () => {
    it("cleans up dead servers, with min_quorum equal to the configured replicas", () => {
        for (const replicas of [3, 5, 7, 9]) {
            const c = autopilotConfig(replicas);
            assert.strictEqual(c.cleanup_dead_servers, true);
            assert.strictEqual(c.min_quorum, replicas);
        }
    });

    it("refuses fewer than 3 voters, as Vault does with cleanup on", () => {
        assert.throws(() => autopilotConfig(1), /at least 3/);
        assert.throws(() => autopilotConfig(2.5), /at least 3/);
    });

    it("waits longer than a pod reschedule plus volume re-attach, with a margin, and at least Vault's 1m floor", () => {
        const budget = POD_ABSENCE_BUDGET.reduce((s, b) => s + b.seconds, 0);
        const threshold = deadServerThresholdSeconds();
        assert.ok(threshold >= budget * 1.5, `${threshold} s is not 1.5 × the ${budget} s budget`);
        assert.ok(threshold >= 60);
        assert.ok(
            POD_ABSENCE_BUDGET.some((b) => /measured/.test(b.what)),
            "one entry is the rehearsal's measurement",
        );
        // A bigger budget (say the measured rejoin grows) moves the threshold with it.
        assert.ok(deadServerThresholdSeconds([...POD_ABSENCE_BUDGET, { what: "x", seconds: 600, source: "" }]) > threshold);
    });

    it("writes durations as Vault reads them back (Go's form), so a second run changes nothing", () => {
        assert.strictEqual(vaultDuration(1500), "25m0s");
        assert.strictEqual(vaultDuration(3600), "1h0m0s");
        assert.strictEqual(vaultDuration(90), "1m30s");
        assert.strictEqual(vaultDuration(45), "45s");
    });
});
