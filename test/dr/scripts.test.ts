// The runbook's DR scripts as a user runs them: --help describes every flag, a missing flag is named, and the
// plan of what the key rescue does for each key state is what KMS needs (CancelKeyDeletion leaves a key disabled).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { rescuePlan } from "../../scripts/vault-key-rescue";

const run = (script: string, args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "../../scripts", script), ...args], {
        encoding: "utf8",
        env: { ...process.env, NODE_NO_WARNINGS: "1" },
    });

describe("the runbook's DR scripts", function () {
    this.timeout(60_000);

    for (const [script, flags] of [
        ["vault-key-rescue.ts", ["--stack", "--outputs", "--key-arn", "--dry-run"]],
        ["vault-restore-table.ts", ["--region", "--recovery-point", "--role-arn", "--kms-key-arn", "--table-name", "--restored-table", "--wait-minutes"]],
    ] as const) {
        it(`${script} --help describes every flag and exits 0`, () => {
            const result = run(script, ["--help"]);
            assert.strictEqual(result.status, 0, result.stderr);
            for (const flag of flags) assert.match(result.stdout, new RegExp(`^  ${flag}\\b.*\\S{3,}`, "m"), `${flag} is not described`);
        });
    }

    it("a missing required flag is named, with the usage line", () => {
        const rescue = run("vault-key-rescue.ts", []);
        assert.strictEqual(rescue.status, 2);
        assert.match(rescue.stderr, /--stack is required/);
        const table = run("vault-restore-table.ts", ["--region", "eu-central-1"]);
        assert.strictEqual(table.status, 2);
        assert.match(table.stderr, /--recovery-point is required/);
    });

    it("rescues every key state KMS has, and refuses to pretend about a deleted key", () => {
        assert.deepStrictEqual(rescuePlan("PendingDeletion"), ["cancel-deletion", "enable"]);
        assert.deepStrictEqual(rescuePlan("PendingReplicaDeletion"), ["cancel-deletion", "enable"]);
        assert.deepStrictEqual(rescuePlan("Disabled"), ["enable"]);
        assert.deepStrictEqual(rescuePlan("Enabled"), []);
        assert.throws(() => rescuePlan("Unavailable"), /nothing here can bring it back/);
    });
});
