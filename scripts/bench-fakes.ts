// The benchmark's other process: runs the loopback fakes, so their CPU is not counted against the function.
// Speaks to the parent over IPC: {seed} -> {env}, {reset} -> {}, {counts} -> {counts}, {stop}.
import { MOUNT, startWorld, World } from "../test/support/fakes/world";

let world: World | undefined;

// The parent may die without saying stop (a kill, a crash): then the IPC channel closes, and so do we.
process.on("disconnect", () => process.exit(0));

process.on("message", async (msg: { type: string; secrets?: number; folders?: number; latency?: number; writeQuota?: number }): Promise<void> => {
    switch (msg.type) {
        case "seed": {
            world = await startWorld();
            for (let i = 0; i < msg.secrets!; i++) world.vault.put(MOUNT, `team-${i % msg.folders!}/app-${i}`, { username: `user-${i}`, password: `pw-${i}` });
            world.vault.faults.latencyMs = msg.latency!;
            world.aws.secretsManager.faults.latencyMs = msg.latency!;
            if (msg.writeQuota) world.aws.secretsManager.writesPerSecond = msg.writeQuota;
            process.send!({ type: "env", env: world.env });
            return;
        }
        case "reset":
            world!.vault.calls.reset();
            world!.aws.secretsManager.calls.reset();
            process.send!({ type: "reset" });
            return;
        case "counts":
            process.send!({ type: "counts", vault: world!.vault.calls.counts, sm: world!.aws.secretsManager.calls.counts });
            return;
        case "stop":
            await world?.stop();
            process.exit(0);
    }
});
