// The esbuild bundle is what Lambda runs: it must behave like the source against the same fakes.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundleHandler } from "../../../infra/replication/bundle";
import { MOUNT, PREFIX, startWorld, World } from "../../support/fakes/world";

describe("replication bundle", () => {
    let world: World;
    let saved: NodeJS.ProcessEnv;
    before(async () => {
        world = await startWorld();
        saved = { ...process.env };
        Object.assign(process.env, world.env);
    });
    after(async () => {
        process.env = saved;
        await world.stop();
    });

    it("syncs, and names AWS and Vault errors by kind, after minification", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bundle-")), "index.js");
        fs.writeFileSync(file, bundleHandler());
        const { createHandler, handler } = require(file);
        assert.strictEqual(typeof handler, "function");
        world.vault.put(MOUNT, "a", { v: 1 });
        world.vault.put(MOUNT, "b", { v: 2 });
        world.aws.secretsManager.faults.add({ op: "CreateSecret", match: "/b", status: 400, type: "AccessDeniedException" });
        const logs: string[] = [];
        const run = createHandler({
            env: world.env,
            log: { info: (e: string) => logs.push(e), error: (e: string, f: object) => logs.push(`${e} ${JSON.stringify(f)}`) },
        });
        await assert.rejects(run({}, {}), /b \(aws-AccessDeniedException\)/);
        assert.ok(world.aws.secretsManager.secrets.has(`${PREFIX}/a`));
        assert.match(world.aws.published[0].message, /b: aws-AccessDeniedException/);
    });
});
