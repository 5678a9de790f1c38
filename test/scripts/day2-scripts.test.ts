// vault:init and vault:configure, run as an operator runs them (child processes), against the fake Vault and AWS.
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { parse } from "@cdktf/hcl2json";
import { REPLICATION_POLICY } from "../../scripts/ops/vault-policies";
import { runHandler } from "../support/fakes/run";
import { CONNECTION_SECRET, FUNCTION_ROLE, MOUNT, OTHER_MOUNT, startWorld, World } from "../support/fakes/world";
import { testCa } from "../support/test-ca";

const ROOT = path.resolve(__dirname, "../..");
/** tsx by absolute URL: the scripts run from a scratch folder, as an operator's shell might. */
const TSX = pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;

describe("day-2 scripts", function () {
    this.timeout(60_000);
    let world: World;
    let dir: string;
    beforeEach(async () => {
        world = await startWorld({ fresh: true });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "day2-"));
    });
    afterEach(async () => world.stop());

    /** Writes the stack outputs file the scripts read with --outputs, as `pulumi stack output --json` would print. */
    const outputsFile = (extra: Record<string, unknown> = {}) => {
        const file = path.join(dir, "outputs.json");
        fs.writeFileSync(
            file,
            JSON.stringify({
                layout: "ec2-dynamodb",
                region: "eu-west-1",
                vaultAddress: world.vault.address,
                vaultCaCertPem: testCa().caCert,
                replicationKvMount: MOUNT,
                replicationAuthMethod: "aws",
                replicationRoleArn: FUNCTION_ROLE,
                ...extra,
            }),
        );
        return file;
    };
    // Asynchronous: the fakes answer from this process, so a blocking spawnSync would deadlock.
    const script = (name: string, args: string[], env: Record<string, string> = {}) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, ["--import", TSX, path.join(ROOT, "scripts", name), ...args], {
                cwd: dir,
                env: { ...process.env, ...world.env, ...env, VAULT_TOKEN: env.VAULT_TOKEN ?? "" },
            });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d) => (stdout += d));
            child.stderr.on("data", (d) => (stderr += d));
            child.on("close", (status) => resolve({ status, stdout, stderr }));
        });
    const init = (...args: string[]) => script("vault-init.ts", ["--stack", "dev", "--outputs", outputsFile(), ...args]);
    const rootTokenOf = (stdout: string) => /Initial root token: (\S+)/.exec(stdout)![1];

    it("initialises once with 5/3 recovery keys, prints them once, writes nothing; a second run is a no-op", async () => {
        const first = await init();
        assert.strictEqual(first.status, 0, first.stderr);
        assert.strictEqual((first.stdout.match(/^Recovery key \d: \S+$/gm) ?? []).length, 5);
        assert.match(first.stdout, /Recovery threshold: 3 of 5/);
        assert.match(first.stdout, /shown ONCE/);
        const token = rootTokenOf(first.stdout);
        assert.deepStrictEqual(fs.readdirSync(dir), ["outputs.json"], "nothing written to disk");
        assert.ok(!first.stderr.includes(token));
        const second = await init();
        assert.strictEqual(second.status, 0);
        assert.match(second.stdout, /already initialised \(sealed: false\); nothing to do/);
        assert.ok(!second.stdout.includes(token));
    });

    it("writes the keys only to an explicit --out file, mode 0600, and never overwrites one", async () => {
        const out = path.join(dir, "recovery.json");
        const run = await init("--out", out, "--recovery-shares", "3", "--recovery-threshold", "2");
        assert.strictEqual(run.status, 0, run.stderr);
        assert.strictEqual(fs.statSync(out).mode & 0o777, 0o600);
        const saved = JSON.parse(fs.readFileSync(out, "utf8"));
        assert.strictEqual(saved.recovery_keys_b64.length, 3);
        assert.strictEqual(saved.root_token, rootTokenOf(run.stdout));
        const again = await init("--out", out);
        assert.strictEqual(again.status, 2);
        assert.match(again.stderr, /exists; choose a new file/);
    });

    it("encrypts each recovery share to an operator's PGP key", async () => {
        const keys = [1, 2, 3].map((i) => {
            const file = path.join(dir, `op${i}.asc`);
            fs.writeFileSync(
                file,
                `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBGZ${i}AAAAAAAAAAAAAAAAAA\nAAAAAAAA${i}==\n=abcd\n-----END PGP PUBLIC KEY BLOCK-----\n`,
            );
            return file;
        });
        const run = await init("--recovery-shares", "3", "--recovery-threshold", "2", "--pgp-keys", keys.join(","));
        assert.strictEqual(run.status, 0, run.stderr);
        assert.strictEqual((run.stdout.match(/\(PGP-encrypted\)/g) ?? []).length, 3);
        const mismatch = await init("--pgp-keys", keys.slice(0, 2).join(","));
        assert.match(mismatch.stderr, /one per recovery share/);
    });

    it("configures Vault so the replication function works, and a second run changes nothing", async () => {
        const root = rootTokenOf((await init()).stdout);
        const configure = () => script("vault-configure.ts", ["--stack", "dev", "--outputs", outputsFile()], { VAULT_TOKEN: root });
        const first = await configure();
        assert.strictEqual(first.status, 0, first.stderr);
        assert.match(first.stdout, /^changed +KV v2 secrets engine at hybrid-aws-secrets\/$/m);
        assert.match(first.stdout, /^changed +aws auth role replication$/m);
        assert.match(first.stdout, /^changed +audit device file$/m, "ec2-dynamodb audits to the file the CloudWatch agent ships");
        assert.match(first.stdout, /^changed +audit device syslog$/m, "and to syslog, so one failing device does not stop Vault");
        assert.match(first.stdout, /^7 change\(s\)/m);
        const second = await configure();
        assert.strictEqual(second.status, 0, second.stderr);
        assert.match(second.stdout, /^0 change\(s\)/m);
        assert.doesNotMatch(second.stdout, /changed/);

        world.vault.put(MOUNT, "db/primary", { password: "p1" });
        world.vault.put(OTHER_MOUNT, "root-credentials", { password: "never" });
        // Replay protection: Vault now requires the signed server-id header, which the function sends.
        assert.strictEqual(world.vault.sys.configs.get("auth/aws/config/client")?.iam_server_id_header_value, "127.0.0.1");
        const unsigned = await runHandler(world);
        assert.match(unsigned.error?.message ?? "", /vault-400/, "a login without the server-id header is refused");
        const run = await runHandler(world, { VAULT_AWS_IAM_SERVER_ID: "127.0.0.1" });
        assert.ifError(run.error);
        assert.strictEqual(run.result?.created, 1);
        const outside = await runHandler(world, { VAULT_KV_MOUNT: OTHER_MOUNT, SECRETS_PREFIX: "other", VAULT_AWS_IAM_SERVER_ID: "127.0.0.1" });
        assert.match(outside.error!.message, /vault-403/, "the replication identity cannot read another mount");
    });

    it("writes a replication policy that grants read and list on the mount's metadata/ and data/ only", async () => {
        const root = rootTokenOf((await init()).stdout);
        await script("vault-configure.ts", ["--stack", "dev", "--outputs", outputsFile()], { VAULT_TOKEN: root });
        const text = world.vault.acl.policies.get(REPLICATION_POLICY)!.text;
        const hcl: any = await parse("policy.hcl", text);
        const paths = Object.entries(hcl.path) as [string, { capabilities: string[] }[]][];
        assert.deepStrictEqual(paths.map(([p]) => p).sort(), [`${MOUNT}/data/*`, `${MOUNT}/metadata/*`]);
        for (const [, [rule]] of paths) for (const c of rule.capabilities) assert.ok(["read", "list"].includes(c), c);
    });

    it("token mode stores a periodic token in the connection secret, once", async () => {
        const root = rootTokenOf((await init()).stdout);
        world.aws.secretsManager.seed(CONNECTION_SECRET, "{}");
        const outputs = outputsFile({ replicationAuthMethod: "token", replicationConnectionSecretArn: CONNECTION_SECRET });
        const configure = () => script("vault-configure.ts", ["--stack", "dev", "--outputs", outputs], { VAULT_TOKEN: root });
        const first = await configure();
        assert.strictEqual(first.status, 0, first.stderr);
        assert.match(first.stdout, /changed +periodic replication token in the connection secret/);
        assert.doesNotMatch(first.stdout, /aws auth/);
        const stored = JSON.parse(world.aws.secretsManager.value(CONNECTION_SECRET)!).token;
        assert.doesNotMatch(first.stdout + first.stderr, new RegExp(stored));
        assert.match((await configure()).stdout, /^0 change\(s\)/m);
        world.vault.put(MOUNT, "a", { v: 1 });
        const run = await runHandler(world, { VAULT_AUTH_METHOD: "token", VAULT_CONNECTION_SECRET_ID: CONNECTION_SECRET });
        assert.ifError(run.error);
        assert.strictEqual(run.result?.created, 1);
    });

    it("on eks-raft also sets up Kubernetes auth for the snapshot job", async () => {
        const root = rootTokenOf((await init()).stdout);
        const run = await script("vault-configure.ts", ["--stack", "prod", "--outputs", outputsFile({ layout: "eks-raft", vaultNamespace: "vault" })], {
            VAULT_TOKEN: root,
        });
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stdout, /changed +kubernetes auth role raft-snapshot/);
        assert.match(run.stdout, /changed +audit device stdout/, "eks-raft audits to stdout, which the pods' log shipping carries");
        assert.match(run.stdout, /changed +audit device file/, "and to the audit volume, so one failing device does not stop Vault");
        assert.match(run.stdout, /changed +raft autopilot \(cleanup of dead servers, min_quorum 3\)/);
        assert.deepStrictEqual(world.vault.sys.configs.get("sys/storage/raft/autopilot/configuration"), {
            cleanup_dead_servers: true,
            min_quorum: 3,
            dead_server_last_contact_threshold: "25m0s",
        });
        assert.deepStrictEqual(world.vault.sys.roles.get("auth/kubernetes/role/raft-snapshot")!.bound_service_account_names, ["vault-snapshot"]);
    });

    it("refuses to run without a token, naming what to do", async () => {
        await init();
        const run = await script("vault-configure.ts", ["--stack", "dev", "--outputs", outputsFile()]);
        assert.strictEqual(run.status, 2);
        assert.match(run.stderr, /VAULT_TOKEN is not set/);
    });
});
