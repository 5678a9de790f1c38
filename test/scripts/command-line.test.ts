// Every README command, run as a user runs it, including when something is wrong: --help for each script, a flag
// without its value, Vault unreachable, silent, or with an untrusted certificate, and no Pulumi CLI. Each failure is
// one clear line (what was tried, what to check), never a stack trace.
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { explainVaultFailure } from "../../scripts/ops/failures";
import { testCa } from "../support/test-ca";

const ROOT = path.resolve(__dirname, "../..");

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** Runs a script as `npm run` would (tsx), optionally through a shell pipeline. */
function run(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", script), ...args], {
            cwd: ROOT,
            env: { ...process.env, VAULT_TOKEN: "", ...env },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}

function shell(command: string): Promise<Run> {
    return new Promise((resolve) => {
        const child = spawn("bash", ["-o", "pipefail", "-c", command], { cwd: ROOT });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}

const NO_STACK_TRACE = /^\s+at .+\(.+:\d+:\d+\)$/m;

function assertOneClearLine(result: Run, says: RegExp): void {
    assert.strictEqual(result.status, 1, result.stderr);
    assert.match(result.stderr, says);
    assert.doesNotMatch(result.stderr, NO_STACK_TRACE);
    assert.strictEqual(result.stderr.trim().split("\n").length, 1, result.stderr);
}

describe("operator commands", function () {
    this.timeout(60_000);
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-cli-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const outputs = (vaultAddress: string, extra: Record<string, unknown> = {}) => {
        const file = path.join(dir, `outputs-${Math.random().toString(36).slice(2)}.json`);
        fs.writeFileSync(file, JSON.stringify({ layout: "ec2-dynamodb", region: "eu-west-1", vaultAddress, ...extra }));
        return file;
    };

    describe("--help describes every flag and exits 0", () => {
        const cases: [string, string[]][] = [
            ["plan.ts", ["--stack", "--json", "--out", "--access"]],
            [
                "vault-init.ts",
                ["--stack", "--outputs", "--vault-addr", "--ca-cert", "--timeout", "--recovery-shares", "--recovery-threshold", "--pgp-keys", "--out"],
            ],
            ["vault-configure.ts", ["--stack", "--outputs", "--vault-addr", "--ca-cert", "--timeout", "--dry-run"]],
            ["bench.ts", ["--secrets", "--latency"]],
            ["vault-upgrade.ts", ["--stack", "--outputs", "--vault-addr", "--to", "--node-timeout", "--snapshot-dir", "--kube-context", "--dry-run"]],
            ["vault-break-glass.ts", ["--stack", "--outputs", "--vault-addr", "--revoke", "--cancel", "--status"]],
        ];
        for (const [script, flags] of cases) {
            it(script, async () => {
                const result = await run(script, ["--help"]);
                assert.strictEqual(result.status, 0, result.stderr);
                for (const flag of flags) assert.match(result.stdout, new RegExp(`^  ${flag}\\b.*\\S{3,}`, "m"), `${flag} is not described`);
                assert.doesNotMatch(result.stdout, /replication benchmark:/, "--help must not run the command");
            });
        }
    });

    it("a flag without its value is named as such, not as unknown", async () => {
        const result = await run("vault-init.ts", ["--stack"]);
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, /^vault:init: --stack needs a value$/m);
        const plan = await run("plan.ts", ["--stack"]);
        assert.strictEqual(plan.status, 1);
        assert.match(plan.stderr, /^--stack needs a value$/m);
    });

    it("an unknown flag lists the ones the command takes", async () => {
        const result = await run("vault-configure.ts", ["--stak", "dev"]);
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, /unknown flag --stak; this command takes --stack, /);
    });

    it("Vault refusing connections: one line naming the address and what to check", async () => {
        const port = await closedPort();
        const result = await run("vault-init.ts", ["--stack", "dev", "--outputs", outputs(`https://127.0.0.1:${port}`)]);
        assertOneClearLine(
            result,
            new RegExp(
                `^vault:init: initialising Vault: could not talk to Vault at https://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): nothing listens there; check`,
            ),
        );
    });

    it("a listener that never answers times out after --timeout instead of hanging", async () => {
        const silent = net.createServer(() => undefined);
        await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
        try {
            const port = (silent.address() as net.AddressInfo).port;
            const started = Date.now();
            const result = await run("vault-configure.ts", ["--stack", "dev", "--outputs", outputs(`https://127.0.0.1:${port}`), "--timeout", "1"], {
                VAULT_TOKEN: "t",
            });
            assertOneClearLine(result, /^vault:configure: configuring Vault: could not talk to Vault at .+ \(.*timed out|ECONNABORTED|ETIMEDOUT.*\)/);
            assert.ok(Date.now() - started < 30_000, "the request timeout did not apply");
        } finally {
            silent.close();
        }
    });

    it("an untrusted certificate says to pass --ca-cert", async () => {
        const ca = testCa();
        const server = https.createServer({ cert: ca.cert, key: ca.key }, (_req, res) => res.end("{}"));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const port = (server.address() as net.AddressInfo).port;
            const result = await run("vault-init.ts", ["--stack", "dev", "--outputs", outputs(`https://127.0.0.1:${port}`)]);
            assertOneClearLine(
                result,
                /\((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\): .*pass --ca-cert <file>/,
            );
        } finally {
            server.close();
        }
    });

    it("no Pulumi CLI is reported as such, with the --outputs way round it", async () => {
        const result = await run("vault-init.ts", ["--stack", "dev"], { PATH: path.dirname(process.execPath) });
        assertOneClearLine(result, /the Pulumi CLI \(`pulumi`\) is not on PATH; install it .* or pass --outputs <file>/);
    });

    it("explains DNS failures and HTTP statuses the same way", () => {
        assert.match(
            explainVaultFailure({ code: "ENOTFOUND" }, "https://vault.example", "initialising Vault")!,
            /\(ENOTFOUND\): the host name does not resolve; check the address/,
        );
        assert.match(explainVaultFailure({ response: { statusCode: 503 } }, "https://v", "configuring Vault")!, /HTTP 503: Vault is sealed/);
        assert.strictEqual(explainVaultFailure(new Error("something else"), "https://v", "x"), undefined);
    });

    describe("the plan through a pipe", () => {
        it("reaches a slow reader whole: valid JSON with the verdicts", async () => {
            const result = await shell(`"${process.execPath}" --import tsx scripts/plan.ts --stack prod --json | (sleep 1; cat)`);
            assert.strictEqual(result.status, 0, result.stderr);
            assert.ok(result.stdout.length > 65_536, `only ${result.stdout.length} bytes arrived`);
            const plan = JSON.parse(result.stdout);
            assert.strictEqual(plan.stack, "prod");
            assert.strictEqual(plan.mandatoryViolations, 0);
            assert.ok(Array.isArray(plan.policyVerdicts));
        });

        it("works with head -c 100 and python3 -m json.tool", async () => {
            const head = await shell(`"${process.execPath}" --import tsx scripts/plan.ts --json | head -c 100`);
            assert.strictEqual(head.stdout.length, 100);
            assert.doesNotMatch(head.stderr, /EPIPE|Error/);
            const tool = await shell(`"${process.execPath}" --import tsx scripts/plan.ts --stack prod --json | python3 -m json.tool > /dev/null`);
            assert.strictEqual(tool.status, 0, tool.stderr);
        });

        it("--out writes the same JSON to a file, pure JSON with no npm banner", async () => {
            const file = path.join(dir, "plan.json");
            const result = await shell(`npm run -s plan -- --json --out "${file}"`);
            assert.strictEqual(result.status, 0, result.stderr);
            assert.strictEqual(JSON.parse(fs.readFileSync(file, "utf8")).stack, "dev");
        });
    });
});

function closedPort(): Promise<number> {
    return new Promise((resolve) => {
        const server = net.createServer();
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

describe("the benchmark cleans up", function () {
    this.timeout(60_000);

    it("after Ctrl-C: its fakes' process is gone and its temporary folder removed", async () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-bench-cleanup-"));
        try {
            const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/bench.ts"), "--secrets", "3000", "--latency", "50"], {
                cwd: ROOT,
                env: { ...process.env, TMPDIR: tmp },
                stdio: "ignore",
            });
            const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
            await waitFor(() => fs.readdirSync(tmp).some((f) => f.startsWith("strongroom-bench-")) && processesWithEnv(`TMPDIR=${tmp}`).length >= 2);
            child.kill("SIGINT");
            assert.strictEqual(await exited, 130);
            await waitFor(() => processesWithEnv(`TMPDIR=${tmp}`).length === 0);
            assert.deepStrictEqual(
                fs.readdirSync(tmp).filter((f) => f.startsWith("strongroom-bench-")),
                [],
            );
        } finally {
            for (const pid of processesWithEnv(`TMPDIR=${tmp}`)) process.kill(pid, "SIGKILL");
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });
});

/** Pids of live processes whose environment holds `entry` (the benchmark and its fakes inherit TMPDIR). */
function processesWithEnv(entry: string): number[] {
    return fs
        .readdirSync("/proc")
        .filter((p) => /^\d+$/.test(p))
        .filter((pid) => {
            try {
                return (
                    fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(entry) &&
                    !fs.readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ")
                );
            } catch {
                return false;
            }
        })
        .map(Number);
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error("timed out waiting");
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}
