// The local rehearsal: the generated Vault config, vault:init, vault:configure and the shipped replication bundle,
// run with a real Vault (built from HashiCorp's Go module when none is at hand) against the moto AWS emulator on
// loopback, then the audit-event path, failover and KMS-outage drills, measured.
//   npm run rehearse -- [--layout ec2-dynamodb] [--failovers 3]
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Command, parseCommandLine, runMain, UsageError } from "./ops/cli";
import { stopEverything } from "./rehearse/children";
import { failover, kmsOutage } from "./rehearse/drills";
import { eventPathDrill } from "./rehearse/event-path";
import { rehearseEc2 } from "./rehearse/ec2-dynamodb";
import { DRILLS as DR_DRILLS, runDrill } from "./rehearse/dr-drills";
import { runEksRehearsal } from "./rehearse/eks-raft-run";
import { startEmulator } from "./rehearse/emulator";
import { DRILLS as LIFECYCLE_DRILLS, lifecycleDrill } from "./rehearse/lifecycle";
import { writeNodeTls } from "./rehearse/tls";
import { vaultBinary } from "./rehearse/vault-binary";

const COMMAND: Command = {
    invocation: "npm run rehearse --",
    summary:
        "Runs the generated Vault config, vault:init, vault:configure and the shipped replication function with a real Vault against the moto AWS emulator on loopback, then measures failover and a KMS outage. Needs Go (to build Vault once) and python3.",
    flags: {
        layout: { type: "string", value: "<name>", description: "The layout to rehearse: ec2-dynamodb or eks-raft. Default: ec2-dynamodb." },
        failovers: { type: "string", value: "<n>", description: "How many times to kill the active node and time the failover. Default: 3." },
        keep: { type: "boolean", description: "Keep the work folder (configs and node logs) and print its path." },
        drill: {
            type: "string",
            value: "<name>",
            description:
                "Run one drill instead. Lifecycle: upgrade, membership (eks-raft), break-glass (ec2-dynamodb) or probe (eks-raft). Disaster: region-loss (backup or snapshot copied to a DR region, the primary lost, Vault restored there from the copy with the replica key; prints RPO and RTO) or seal-migration (awskms to a new multi-Region key).",
        },
    },
};

async function main(): Promise<number> {
    const flags = parseCommandLine(COMMAND, process.argv.slice(2));
    if (!flags) return 0;
    const layout = typeof flags.layout === "string" ? flags.layout : "ec2-dynamodb";
    if (!["ec2-dynamodb", "eks-raft"].includes(layout)) throw new UsageError(`--layout ${layout}: use ec2-dynamodb or eks-raft`);
    const failovers = Number(flags.failovers ?? 3);
    if (!Number.isInteger(failovers) || failovers < 0) throw new UsageError(`--failovers ${String(flags.failovers)} must be a whole number`);
    const drill = typeof flags.drill === "string" ? flags.drill : undefined;
    const drills: readonly string[] = [...LIFECYCLE_DRILLS, ...DR_DRILLS];
    if (drill !== undefined && !drills.includes(drill)) throw new UsageError(`--drill ${drill}: use one of ${drills.join(", ")}`);
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-rehearsal-"));
    const say = (line: string) => process.stdout.write(`${line}\n`);
    try {
        const vaultBin = vaultBinary();
        const emulator = await startEmulator(workDir);
        say(`emulator: moto at ${emulator.endpoint}`);
        if (drill !== undefined && (DR_DRILLS as readonly string[]).includes(drill))
            return await runDrill(drill, layout, { emulator, vaultBin, workDir, tls: writeNodeTls(workDir), log: say });
        if (drill !== undefined) return await lifecycleDrill(drill, layout, emulator, vaultBin, workDir, say);
        if (layout === "eks-raft") return await runEksRehearsal(emulator, vaultBin, workDir, say, failovers);
        const r = await rehearseEc2({ emulator, vaultBin, workDir, tls: writeNodeTls(workDir), log: say });
        await r.kv("POST", "db/primary", { password: "first" });
        say(`replication, first sync: ${JSON.stringify(await r.replicate())}`);
        await r.kv("POST", "db/primary", { password: "second" });
        say(`replication, after an update: ${JSON.stringify(await r.replicate())}`);
        await r.kv("DELETE", "db/primary");
        say(`replication, after a delete (recover mode): ${JSON.stringify(await r.replicate({ DELETE_MODE: "recover" }))}`);
        await eventPathDrill(r, { emulatorEndpoint: emulator.endpoint, workDir, log: say });
        const times: number[] = [];
        for (let i = 1; i <= failovers; i++) {
            times.push(await failover(r, i));
            say(`failover ${i}: a standby served a write ${times[i - 1].toFixed(1)} s after the active node was killed`);
        }
        const outage = await kmsOutage(r);
        await r.kmsRelay.cut();
        say(
            `KMS outage: the restarted node stayed sealed while the others served ${outage.writesDuringOutage} writes; it unsealed ${outage.secondsToUnseal.toFixed(1)} s after KMS returned`,
        );
        return 0;
    } finally {
        stopEverything();
        if (flags.keep) say(`work folder kept: ${workDir}`);
        else fs.rmSync(workDir, { recursive: true, force: true });
    }
}

runMain(main, (err) => `rehearsal failed: ${err instanceof Error ? err.message : String(err)}`);
