// Class check: the Vault unit keeps restarting Vault for as long as it fails to start (KMS unreachable: the awskms
// seal exits at start), so the node unseals by itself when KMS returns. systemd gives up on a unit that starts more
// than StartLimitBurst times within StartLimitIntervalSec (0 turns the limit off).
// https://www.freedesktop.org/software/systemd/man/systemd.unit.html#StartLimitIntervalSec=interval
import * as assert from "assert";
import { renderSystemdUnit } from "../../infra/vault-ec2/systemd-unit";

/** Directive values of a unit file (the last one wins, as in systemd). */
function directives(unit: string): Record<string, string> {
    return Object.fromEntries(
        unit
            .split("\n")
            .filter((l) => /^\w+=/.test(l))
            .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
}

/** Whether systemd restarts a unit that fails at start forever, or why not. */
export function restartsForever(unit: string): true | string {
    const d = directives(unit);
    if (!["always", "on-failure", "on-abnormal", "on-abort"].includes(d.Restart ?? "no")) return `Restart=${d.Restart ?? "no"} does not restart a failed start`;
    const interval = Number((d.StartLimitIntervalSec ?? "10").replace(/s$/, ""));
    if (interval === 0 || d.StartLimitIntervalSec === "infinity") return true;
    const burst = Number(d.StartLimitBurst ?? "5");
    const every = Math.max(Number((d.RestartSec ?? "0.1").replace(/s$/, "")), 0.1);
    const starts = Math.floor(interval / every) + 1;
    return starts <= burst ? true : `${starts} starts in ${interval} s exceed StartLimitBurst=${burst}: systemd gives up`;
}

describe("the Vault unit restarts Vault until it starts", () => {
    it("has no start limit it can reach while KMS is down", () => {
        assert.strictEqual(restartsForever(renderSystemdUnit()), true);
    });

    it("the check is not blind: the first version's 3 starts in 60 s and Restart=no are caught", () => {
        assert.match(String(restartsForever("Restart=on-failure\nRestartSec=5\nStartLimitIntervalSec=60\nStartLimitBurst=3\n")), /exceed StartLimitBurst=3/);
        assert.match(String(restartsForever("Restart=no\n")), /does not restart/);
    });
});
