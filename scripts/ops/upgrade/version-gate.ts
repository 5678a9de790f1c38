// Which upgrades vault:upgrade agrees to run: forward only (Vault makes no promise that an older release can read
// what a newer one wrote, and the HA procedure forbids failing over from newer to older), never onto a release
// known not to start, and only to the version the stack now deploys (`pulumi up` first).
import { brokenReleaseMessage, knownBrokenVaultRelease } from "../../../stacks/vault-releases";
import { compareVersions, parseVersion } from "./versions";

export interface GateInput {
    /** --to */
    readonly target: string;
    /** The versions the running nodes report. */
    readonly running: readonly string[];
    /** The stack output vaultVersion: what new nodes and pods start. */
    readonly deployed?: string;
    readonly stack: string;
}

/** Every reason the upgrade must not start; empty when it may. */
export function gateProblems(g: GateInput): string[] {
    if (!parseVersion(g.target)) return [`--to ${g.target} is not a version like 1.21.1`];
    const problems: string[] = [];
    const broken = knownBrokenVaultRelease(g.target);
    if (broken) problems.push(`--to ${brokenReleaseMessage(broken)} (a known-broken release)`);
    const newer = g.running.filter((v) => parseVersion(v) && compareVersions(v, g.target) > 0);
    if (newer.length > 0) {
        problems.push(
            `--to ${g.target} is older than the running ${[...new Set(newer)].join(", ")}: a downgrade is refused (restore the pre-upgrade snapshot or PITR mark instead)`,
        );
    }
    if (g.deployed && g.deployed !== g.target) {
        problems.push(
            `stack ${g.stack} deploys Vault ${g.deployed}, not ${g.target}: run \`pulumi config set strongroom:vaultVersion ${g.target} --stack ${g.stack} && pulumi up --stack ${g.stack}\` first, so replaced nodes start ${g.target}`,
        );
    }
    return problems;
}
