// One Lambda execution environment for the rehearsal: a process of its own that loads the shipped bundle once and
// runs one invocation at a time, keeping what the bundle keeps between warm invocations (connections, the Vault
// login, the write pacers). Speaks to its parent over IPC: {bundle, env, event, context} -> {ok, result | kind}.
process.on("disconnect", () => process.exit(0));

let handler: ((event: unknown, context: unknown) => Promise<unknown>) | undefined;

process.on("message", async (msg: { bundle: string; env: Record<string, string>; event: unknown; context: unknown }) => {
    const started = performance.now();
    try {
        if (!handler) {
            // The AWS SDK reads its endpoint and credentials from the environment, as it does in Lambda.
            Object.assign(process.env, msg.env);
            handler = require(msg.bundle).createHandler({ env: msg.env, log: { info() {}, error() {} } });
        }
        const result = await handler!(msg.event, msg.context);
        process.send!({ ok: true, result, ms: performance.now() - started });
    } catch (err) {
        process.send!({ ok: false, kind: (err as { kind?: string }).kind ?? "error", message: (err as Error).message, ms: performance.now() - started });
    }
});
process.send!({ ready: true });
