// The benchmark's other process: runs the loopback fakes, so their CPU is not counted against the function.
// Speaks to the parent over IPC: {seed} -> {env}, {reset} -> {}, {counts} -> {counts}, {write} -> {}, {drift} -> {},
// {current} -> {current, lastChanged}, {take} -> {messages} (the event queue), {stop}.
import { MOUNT, PREFIX, startWorld, World } from "../test/support/fakes/world";

let world: World | undefined;

// The parent may die without saying stop (a kill, a crash): then the IPC channel closes, and so do we.
process.on("disconnect", () => process.exit(0));

interface Message {
    type: string;
    secrets?: number;
    folders?: number;
    latency?: number;
    writeQuota?: number;
    paths?: string[];
    count?: number;
    /** Echoed in the answer, so overlapping questions get their own answers. */
    id?: number;
}

process.on("message", async (msg: Message): Promise<void> => {
    const reply = (answer: object) => process.send!({ ...answer, id: msg.id });
    switch (msg.type) {
        case "seed": {
            world = await startWorld();
            for (let i = 0; i < msg.secrets!; i++) world.vault.put(MOUNT, `team-${i % msg.folders!}/app-${i}`, { username: `user-${i}`, password: `pw-${i}` });
            world.vault.faults.latencyMs = msg.latency!;
            world.aws.secretsManager.faults.latencyMs = msg.latency!;
            if (msg.writeQuota) world.aws.secretsManager.writesPerSecond = msg.writeQuota;
            reply({ type: "env", env: world.env });
            return;
        }
        case "reset":
            world!.vault.calls.reset();
            world!.aws.secretsManager.calls.reset();
            reply({ type: "reset" });
            return;
        case "counts":
            reply({ type: "counts", vault: world!.vault.calls.counts, sm: world!.aws.secretsManager.calls.counts });
            return;
        case "write":
            // A new version of each path in Vault, as an application writing secrets would make.
            for (const p of msg.paths!) world!.vault.put(MOUNT, p, { password: `${p}-${Date.now()}` });
            reply({ type: "written" });
            return;
        case "drift": {
            // Copies edited in Secrets Manager behind Vault's back.
            const names = [...world!.aws.secretsManager.secrets.keys()].filter((n) => n.startsWith(`${PREFIX}/`)).slice(0, msg.count);
            for (const n of names) world!.aws.secretsManager.outOfBand(n, JSON.stringify({ edited: true }));
            reply({ type: "drifted" });
            return;
        }
        case "current": {
            // How many of these paths have a copy tagged with Vault's current version, and the last write's time.
            const sm = world!.aws.secretsManager;
            const current = msg.paths!.filter((p) => sm.secrets.get(`${PREFIX}/${p}`)?.tags["vault-version"] === String(world!.vault.version(MOUNT, p))).length;
            reply({ type: "current", current, lastChanged: Math.max(0, ...msg.paths!.map((p) => sm.secrets.get(`${PREFIX}/${p}`)?.lastChanged ?? 0)) });
            return;
        }
        case "take":
            // The event source mapping's receive: up to 10 queued messages, in order.
            reply({ type: "taken", messages: world!.aws.queued.splice(0, msg.count ?? 10) });
            return;
        case "stop":
            await world?.stop();
            process.exit(0);
    }
});
