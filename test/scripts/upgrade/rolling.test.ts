// The upgrade's order and its stops, over a simulated cluster (fault injection: nodes that never come back, an
// alarm that fires). The real Vault proof is the rehearsal's upgrade drill (scripts/rehearse/upgrade.ts).
import * as assert from "assert";
import { AutopilotView, ClusterView, HaNode } from "../../../scripts/ops/upgrade/cluster-view";
import { rollingUpgrade, UpgradePlatform, UpgradeStopped } from "../../../scripts/ops/upgrade/rolling";
import { gateProblems } from "../../../scripts/ops/upgrade/version-gate";

interface SimNode {
    name: string;
    version: string;
    up: boolean;
}

function cluster(raft: boolean, versions = ["1.20.4", "1.20.4", "1.20.4"]) {
    const nodes: SimNode[] = versions.map((version, i) => ({ name: `vault-${i}`, version, up: true }));
    let active = "vault-1";
    const events: string[] = [];
    const view: ClusterView = {
        async haNodes(): Promise<HaNode[]> {
            return nodes
                .filter((n) => n.up)
                .map((n) => ({ hostname: n.name, apiAddress: `https://${n.name}:8200`, active: n.name === active, version: n.version, echoAgeMs: 0 }));
        },
        async autopilot(): Promise<AutopilotView | undefined> {
            if (!raft) return undefined;
            const up = nodes.filter((n) => n.up);
            return {
                healthy: up.length === nodes.length,
                failureTolerance: up.length - 2,
                leader: active,
                servers: up.map((n) => ({ id: n.name, healthy: true, voter: true, version: n.version })),
            };
        },
    };
    const platform: UpgradePlatform & { neverBack?: string; alarmAfter?: number } = {
        async replace(node) {
            events.push(`replace ${node.hostname}${node.active ? " (active)" : ""}`);
            const n = nodes.find((x) => x.name === node.hostname)!;
            n.up = false;
            if (n.name === active) active = nodes.find((x) => x.up && x.version === "1.21.1")?.name ?? "none";
            if (platform.neverBack === n.name) return;
            setTimeout(() => Object.assign(n, { up: true, version: "1.21.1" }), 5);
        },
        async protect(node, on) {
            events.push(`${on ? "protect" : "unprotect"} ${node.hostname}`);
        },
        async halted() {
            return platform.alarmAfter !== undefined && events.filter((e) => e.startsWith("replace")).length >= platform.alarmAfter
                ? "healthy-hosts alarm in ALARM"
                : undefined;
        },
        async backup() {
            events.push("backup");
            return "snapshot";
        },
    };
    return { view, platform, events, nodes, activeName: () => active };
}

const options = (raft: boolean) => ({ target: "1.21.1", expectedNodes: 3, raft, nodeTimeoutMs: 500, pollMs: 2, settleMs: 50, log: () => undefined });

describe("vault:upgrade, rolling order", () => {
    for (const raft of [false, true]) {
        it(`${raft ? "raft" : "dynamodb"}: backup first, standbys one at a time, the active node last and unprotected only then`, async () => {
            const c = cluster(raft);
            const result = await rollingUpgrade(c.view, c.platform, options(raft));
            assert.deepStrictEqual(c.events, [
                "backup",
                "protect vault-1",
                "replace vault-0",
                "replace vault-2",
                "unprotect vault-1",
                "replace vault-1 (active)",
            ]);
            assert.deepStrictEqual(
                result.steps.map((s) => s.role),
                ["standby", "standby", "active"],
            );
            assert.ok(c.nodes.every((n) => n.version === "1.21.1"));
            assert.notStrictEqual(c.activeName(), "none", "an upgraded standby took over");
        });
    }

    it("stops, leaving the rest alone, when a replaced node never comes back healthy", async () => {
        const c = cluster(true);
        c.platform.neverBack = "vault-0";
        await assert.rejects(
            rollingUpgrade(c.view, c.platform, options(true)),
            (e: Error) => e instanceof UpgradeStopped && /vault-0's replacement/.test(e.message),
        );
        assert.ok(!c.events.includes("replace vault-2") && !c.events.some((e) => e.includes("(active)")));
    });

    it("stops before the next node when the healthy-hosts alarm fires", async () => {
        const c = cluster(false);
        c.platform.alarmAfter = 1;
        await assert.rejects(rollingUpgrade(c.view, c.platform, options(false)), /stopped before vault-2: healthy-hosts alarm/);
        assert.deepStrictEqual(
            c.events.filter((e) => e.startsWith("replace")),
            ["replace vault-0"],
        );
    });

    it("refuses to start on a cluster with no failure tolerance, before any backup or change", async () => {
        const c = cluster(true);
        c.nodes[2].up = false;
        await assert.rejects(rollingUpgrade(c.view, c.platform, options(true)), /pre-flight: the cluster is not healthy/);
        assert.deepStrictEqual(c.events, []);
    });

    it("resumes: nodes already on the target are skipped", async () => {
        const c = cluster(false, ["1.21.1", "1.20.4", "1.20.4"]);
        await rollingUpgrade(c.view, c.platform, options(false));
        assert.deepStrictEqual(
            c.events.filter((e) => e.startsWith("replace")),
            ["replace vault-2", "replace vault-1 (active)"],
        );
    });
});

describe("vault:upgrade, version gate", () => {
    const gate = (target: string, running = ["1.20.4", "1.20.4"], deployed: string | undefined = target) =>
        gateProblems({ target, running, deployed, stack: "dev" });

    it("lets a forward upgrade to the deployed version through", () => {
        assert.deepStrictEqual(gate("1.21.1"), []);
        assert.deepStrictEqual(gate("1.20.4"), [], "the same version (a roll onto a new launch template) is not a downgrade");
    });

    it("refuses a downgrade, for every older version class", () => {
        for (const target of ["1.20.3", "1.19.9", "0.9.0"]) assert.match(gate(target).join(), /downgrade is refused/, target);
        assert.match(gate("1.21.0", ["1.21.1", "1.20.4"]).join(), /older than the running 1\.21\.1/, "one newer node is enough to refuse");
    });

    it("refuses known-broken releases and a target the stack does not deploy yet", () => {
        assert.match(gate("2.0.1", ["1.21.1"]).join(), /known-broken/);
        assert.match(gate("1.21.1", ["1.20.4"], "1.20.4").join(), /pulumi config set strongroom:vaultVersion 1\.21\.1/);
        assert.match(gate("latest").join(), /not a version/);
    });
});
