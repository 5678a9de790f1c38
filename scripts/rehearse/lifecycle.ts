// `npm run rehearse -- --drill <name>`: the lifecycle drills on real Vault, each printing its figures.
//   upgrade      (both layouts) a rolling upgrade from an older release, a client writing throughout
//   membership   (eks-raft) a restart on the same data, then a server replaced by one with a new node id
//   break-glass  (both) a new root token from the recovery keys after the original was revoked
//   probe        (eks-raft) the shipped probe bundle against the cluster: sealed node, lost leader, stale snapshot
import * as path from "path";
import { longestIntervalSeconds } from "../../infra/schedule-interval";
import { readStackConfig } from "../offline/stacks";
import { breakGlassDrill } from "./break-glass";
import { rehearseEc2 } from "./ec2-dynamodb";
import { rehearseRaft } from "./eks-raft";
import { Emulator } from "./emulator";
import { rejoinTime, replaceWithNewId } from "./membership";
import { olderVaultBinary } from "./older-vault";
import { prepareProbe, probeScenarios, value } from "./probe";
import { writeNodeTls } from "./tls";
import { rehearseUpgrade } from "./upgrade";

export const DRILLS = ["upgrade", "membership", "break-glass", "probe"] as const;

type Say = (line: string) => void;

export async function lifecycleDrill(drill: string, layout: string, emulator: Emulator, vaultBin: string, workDir: string, say: Say): Promise<number> {
    const raft = layout === "eks-raft";
    const tls = writeNodeTls(workDir);
    if (drill === "upgrade") {
        const result = await rehearseUpgrade(raft ? "eks-raft" : "ec2-dynamodb", {
            emulator,
            oldBin: olderVaultBinary(),
            newBin: vaultBin,
            workDir,
            tls,
            log: say,
        });
        say(
            `upgrade (${layout}) ${result.from} -> ${result.to}: ${result.acknowledged} writes acknowledged, ${result.lost.length} lost; longest write gap ${result.longestGapSeconds.toFixed(2)} s; nodes now ${result.versions.join(", ")}`,
        );
        return result.lost.length === 0 && result.versions.every((v) => v === result.to) ? 0 : 1;
    }
    if (drill === "break-glass") {
        const r = raft ? undefined : await rehearseEc2({ emulator, vaultBin, workDir, tls, log: say });
        if (!r) throw new Error("the break-glass drill runs on --layout ec2-dynamodb (the same Vault endpoints on both layouts)");
        const result = await breakGlassDrill({
            address: r.nodes[0].address,
            ca: r.ca,
            rootToken: r.rootToken,
            recoveryKeys: r.recoveryKeys,
            outputsFile: path.join(workDir, "outputs.json"),
            threshold: 3,
        });
        say(
            `break-glass: original root token refused after revocation: ${result.originalRefused}; a new root token (policies ${result.newTokenPolicies.join(",")}) from 3 of ${r.recoveryKeys.length} recovery keys in ${result.seconds.toFixed(1)} s; refused after --revoke: ${result.revokedRefused}`,
        );
        return result.originalRefused && result.newTokenPolicies.includes("root") && result.revokedRefused ? 0 : 1;
    }
    if (!raft) throw new Error(`the ${drill} drill runs on --layout eks-raft`);
    const r = await rehearseRaft({ emulator, vaultBin, workDir, tls, log: say });
    const cluster = { nodes: r.nodes, ca: r.ca, rootToken: r.rootToken, workDir };
    if (drill === "membership") {
        const rejoin = await rejoinTime(cluster);
        say(`membership: a server restarted on its own data was a healthy voter again ${rejoin.toFixed(1)} s after it started`);
        const result = await replaceWithNewId(cluster, say);
        say(
            `membership: with a ${result.thresholdSeconds} s dead-server threshold, the new voter joined at ${result.replacementVoterSeconds.toFixed(1)} s, the dead voter was removed at ${result.deadVoterRemovedSeconds.toFixed(1)} s and failure tolerance was back to 1 at ${result.failureToleranceBackSeconds.toFixed(1)} s after the loss; servers ${result.servers.join(", ")}`,
        );
        return 0;
    }
    if (drill === "probe") {
        const probe = await prepareProbe(cluster, emulator, path.join(workDir, "outputs-eks.json"));
        const s = await probeScenarios(cluster, probe, longestIntervalSeconds(readStackConfig("prod")["strongroom:snapshotSchedule"] ?? "0 */6 * * *"));
        const show = (run: typeof s.baseline) =>
            ["SealedNodes", "ActiveNodes", "FailureTolerance", "BackupAgeSeconds", "CertificateDaysLeft"].map((m) => `${m}=${value(run, m)}`).join(" ");
        say(`probe baseline: ${show(s.baseline)}`);
        say(`probe after sealing a standby (${s.detection.sealed.toFixed(1)} s): ${show(s.sealed)}`);
        say(`probe after losing the leader (${s.detection.leaderLost.toFixed(1)} s): ${show(s.leaderLost)}`);
        say(`probe with the newest snapshot past twice its schedule (${s.detection.staleSnapshot.toFixed(1)} s): ${show(s.staleSnapshot)}`);
        return 0;
    }
    throw new Error(`unknown drill ${drill}; use one of ${DRILLS.join(", ")}`);
}
