// eks-raft's side of vault:upgrade: each node is a pod of the StatefulSet (OnDelete, so nothing restarts by
// itself); deleting one makes the kubelet run the chart's preStop, which sends Vault SIGTERM, and the StatefulSet
// recreates it from the updated template (the new image) on its own volume. The backup is a Raft snapshot.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { HaNode } from "./cluster-view";
import { UpgradePlatform } from "./rolling";

export interface EksPlatformSettings {
    readonly namespace: string;
    /** Extra kubectl arguments, e.g. ["--context", "prod"]. */
    readonly kubectlArgs: string[];
    /** Takes a Raft snapshot (sys/storage/raft/snapshot) and returns its bytes. */
    readonly snapshot: () => Promise<Buffer>;
    readonly snapshotDir: string;
    readonly kubectl?: string;
}

export function eksPlatform(s: EksPlatformSettings): UpgradePlatform {
    return {
        async replace(node: HaNode) {
            // A pod's hostname is its name (vault-0 …), which is also its Raft node id.
            await run(s.kubectl ?? "kubectl", [...s.kubectlArgs, "--namespace", s.namespace, "delete", "pod", node.hostname, "--wait=true"]);
        },
        async backup() {
            return saveSnapshot(await s.snapshot(), s.snapshotDir);
        },
    };
}

/** Writes a snapshot (Vault's barrier-encrypted data) to a new 0600 file; returns what was written where. */
export function saveSnapshot(bytes: Buffer, dir: string, now = new Date()): string {
    const file = path.join(dir, `vault-pre-upgrade-${now.toISOString().replace(/[:.]/g, "-")}.snap`);
    fs.writeFileSync(file, bytes, { mode: 0o600, flag: "wx" });
    return `Raft snapshot ${file} (${bytes.length} bytes; to go back: vault operator raft snapshot restore -force ${file})`;
}

function run(command: string, args: string[]): Promise<string> {
    return new Promise((resolve, reject) =>
        execFile(command, args, { timeout: 600_000 }, (err, stdout, stderr) =>
            err ? reject(new Error(`${command} ${args.join(" ")} failed: ${(stderr || err.message).trim().split("\n")[0]}`)) : resolve(stdout),
        ),
    );
}
