// Vault releases whose official images do not start in the chart's pods are refused for eks-raft before anything
// is created; their neighbours, the shipped default and the ec2 layout (which installs the release zip, not the
// image) are not.
import * as assert from "assert";
import { ConfigError, parseStackConfig } from "../../stacks/config";
import { BROKEN_VAULT_RELEASES, knownBrokenVaultRelease } from "../../stacks/vault-releases";
import { VAULT_CHART } from "../../infra/vault-eks/chart";
import { ProgramFailed } from "../../scripts/offline/recorder";
import { readStackConfig } from "../../scripts/offline/stacks";
import { planWith } from "../support/stack";

const withVersion = (stack: "dev" | "prod", version: string) => ({ ...readStackConfig(stack), "strongroom:vaultVersion": version });

function problems(stack: "dev" | "prod", version: string): string[] {
    try {
        parseStackConfig(withVersion(stack, version), stack);
        return [];
    } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        return err.message.split("\n").filter((l) => l.includes("strongroom:vaultVersion"));
    }
}

describe("known-broken Vault images", () => {
    for (const release of BROKEN_VAULT_RELEASES) {
        it(`${release.version} is refused on eks-raft, naming what breaks, the release to use and the source`, () => {
            const [message, ...more] = problems("prod", release.version);
            assert.strictEqual(more.length, 0);
            assert.ok(message.includes(`is ${release.version}`), message);
            assert.ok(message.includes(`Use ${release.fixedIn} or later`), message);
            assert.ok(message.includes(release.source), message);
        });
    }

    it("is refused before any resource is registered", async () => {
        await assert.rejects(planWith("prod", { "strongroom:vaultVersion": "2.0.1" }), (err: unknown) => {
            assert.ok(err instanceof ProgramFailed);
            assert.strictEqual(err.resources.length, 0);
            return true;
        });
    });

    it("every series' neighbours start and are accepted: the fixed releases, the ones before, the shipped default", () => {
        const neighbours = BROKEN_VAULT_RELEASES.flatMap((r) => {
            const [major, minor, patch] = r.version.split(".").map(Number);
            return [`${major}.${minor}.${patch + 1}`, ...(patch > 0 && r.version !== "2.0.1" ? [`${major}.${minor}.${patch - 1}`] : []), r.fixedIn];
        });
        for (const version of [...new Set([...neighbours, VAULT_CHART.appVersion])]) {
            if (knownBrokenVaultRelease(version)) continue;
            assert.deepStrictEqual(problems("prod", version), [], version);
        }
    });

    it("the ec2 layout is not refused: it installs the release zip, whose binary carries no file capability", () => {
        for (const release of BROKEN_VAULT_RELEASES) assert.deepStrictEqual(problems("dev", release.version), [], release.version);
    });

    it("spellings of the same release are the same release", () => {
        for (const spelling of ["2.0.1", "v2.0.1", " 2.0.1", "2.0.1+ent", "v2.0.1+ent.hsm"])
            assert.strictEqual(knownBrokenVaultRelease(spelling)?.version, "2.0.1", spelling);
        for (const other of ["2.0.10", "12.0.1", "2.0.1.1", "2.0"]) assert.strictEqual(knownBrokenVaultRelease(other), undefined, other);
    });
});
