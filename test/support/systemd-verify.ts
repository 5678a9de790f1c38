// systemd-analyze verify for unit files the boot script writes: it resolves ExecStart binaries and dependencies
// inside --root, so the root gets the system's units and stubs for the binaries the units name.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export function verifyUnits(units: Record<string, string>, binaries: string[]) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "unit-"));
    fs.cpSync("/lib/systemd/system", path.join(root, "lib/systemd/system"), { recursive: true, verbatimSymlinks: true });
    for (const bin of binaries) {
        fs.mkdirSync(path.join(root, path.dirname(bin)), { recursive: true });
        fs.writeFileSync(path.join(root, bin), "#!/bin/sh\n", { mode: 0o755 });
    }
    fs.mkdirSync(path.join(root, "etc/systemd/system"), { recursive: true });
    for (const [name, text] of Object.entries(units)) fs.writeFileSync(path.join(root, "etc/systemd/system", name), text);
    return spawnSync("systemd-analyze", ["verify", "--man=no", `--root=${root}`, ...Object.keys(units).map((n) => `/etc/systemd/system/${n}`)], {
        encoding: "utf8",
    });
}
