// Lambda's asynchronous invocation, as the rehearsal needs it: an invocation goes to an idle execution environment
// (warm) or, when every one is busy, to a new one (a cold start in a new process). So overlapping deliveries run
// concurrently with nothing shared between them, as they do on AWS.
import { ChildProcess, fork } from "child_process";
import * as path from "path";
import { closeOnStop } from "./children";

export interface Invocation {
    readonly ok: boolean;
    readonly result?: Record<string, any>;
    readonly kind?: string;
    readonly message?: string;
    readonly ms: number;
}

export class LambdaEnvironments {
    private idle: ChildProcess[] = [];
    private all: ChildProcess[] = [];
    readonly stats = { invocations: 0, coldStarts: 0, peakConcurrency: 0, failed: 0 };
    private busy = 0;
    readonly results: Invocation[] = [];

    constructor(
        private readonly bundle: string,
        private readonly env: Record<string, string>,
        private readonly context = { invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:strongroom-rehearsal-replication" },
    ) {
        closeOnStop(() => this.stop());
    }

    /** Starts one environment ahead of time, as a function invoked in the last minutes has. */
    async warm(): Promise<void> {
        this.idle.push(await this.start());
    }

    async invoke(event: unknown): Promise<Invocation> {
        this.stats.invocations++;
        this.busy++;
        this.stats.peakConcurrency = Math.max(this.stats.peakConcurrency, this.busy);
        let child = this.idle.pop();
        if (!child) {
            this.stats.coldStarts++;
            child = await this.start();
        }
        try {
            const reply = await new Promise<Invocation>((resolve) => {
                child.once("message", (m) => resolve(m as Invocation));
                child.send({ bundle: this.bundle, env: this.env, event, context: this.context });
            });
            if (!reply.ok) this.stats.failed++;
            this.results.push(reply);
            return reply;
        } finally {
            this.busy--;
            this.idle.push(child!);
        }
    }

    stop(): void {
        for (const child of this.all) child.kill();
        this.all = [];
        this.idle = [];
    }

    private start(): Promise<ChildProcess> {
        const child = fork(path.join(__dirname, "lambda-runner.ts"), { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
        this.all.push(child);
        return new Promise((resolve) => child.once("message", () => resolve(child)));
    }
}
