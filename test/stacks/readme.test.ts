// README.md stays true: its config table lists every key the program reads, and its two commands are there.
import * as assert from "assert";
import * as fs from "fs";
import { CONFIG_KEYS } from "../../stacks/config";
import { policies } from "../../policies/rules";

const readme = fs.readFileSync("README.md", "utf8");

describe("README.md", () => {
    it("lists every config key in the table, with the layout it applies to", () => {
        for (const [where, keys] of Object.entries(CONFIG_KEYS)) {
            const layout = where === "common" ? "both" : where;
            for (const key of keys) assert.match(readme, new RegExp(`^\\| \`strongroom:${key}\` \\| ${layout} \\|`, "m"), `strongroom:${key} (${layout})`);
        }
    });

    it("lists every policy rule with its level", () => {
        for (const p of policies) assert.match(readme, new RegExp(`^\\| \`${p.name}\` \\| ${p.enforcementLevel} \\|`, "m"), p.name);
    });

    it("gives the newcomer's two commands, which .ci/run runs", () => {
        assert.ok(readme.includes("npm ci && npm run plan"));
        assert.ok(readme.includes("npm test"));
        assert.match(fs.readFileSync(".ci/run", "utf8"), /^npm test$/m);
    });
});
