// The Kubernetes parts the tests run are built by CI before `npm test` (a missing one would otherwise be built inside
// a test's before hook, minutes past its timeout), each by its own script, each cached under a lock.
import * as assert from "assert";
import * as fs from "fs";
import { PARTS } from "../../scripts/k8s/parts";

describe("the Kubernetes parts", () => {
    const ci = fs.readFileSync(".ci/run", "utf8");
    const npmTest = ci.search(/^npm test$/m);

    for (const part of PARTS) {
        it(`${part}: .ci/run builds it before npm test, with a script that takes the cache lock`, () => {
            const line = ci.search(new RegExp(`^bash scripts/tools/${part}\\.sh >/dev/null$`, "m"));
            assert.ok(line >= 0 && line < npmTest, `.ci/run has no "bash scripts/tools/${part}.sh >/dev/null" before "npm test"`);
            assert.match(fs.readFileSync(`scripts/tools/${part}.sh`, "utf8"), /^tool_cache \S+ "\$version"$/m, "it uses tool_cache (flock)");
        });
    }
});
