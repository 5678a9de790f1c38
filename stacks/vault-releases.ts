// Vault releases whose official container images do not start under the chart's security context (a non-root user,
// no added capability, SKIP_SETCAP; Strongroom also drops every capability: infra/vault-eks/pod-security.ts). The
// snapshot job runs the same image with every capability dropped, so it fails on them too. Config validation refuses
// them for eks-raft, and `vault:upgrade` can ask the same question before it rolls a cluster.
import { VAULT_CHART } from "../infra/vault-eks/chart";

export interface BrokenRelease {
    readonly version: string;
    /** What goes wrong when a pod starts it. */
    readonly failure: string;
    /** The first release of the same series that starts again. */
    readonly fixedIn: string;
    readonly source: string;
}

const IPC_LOCK =
    'the image\'s vault binary carries the cap_ipc_lock file capability, so it will not exec without IPC_LOCK ("Vault requires the IPC_LOCK capability … vault: Operation not permitted")';
const IPC_LOCK_SOURCE =
    "HashiCorp's breaking-change note (hashicorp/web-unified-docs#2479: 1.19.17, 1.20.11, 1.21.6, 2.0.1) and its reversal (hashicorp/web-unified-docs#2523); hashicorp/vault-helm#1185";

export const BROKEN_VAULT_RELEASES: readonly BrokenRelease[] = [
    {
        version: "2.0.0",
        failure: 'the image\'s entrypoint cannot setcap as the non-root vault user ("unable to set CAP_SETFCAP effective capability")',
        fixedIn: "2.0.2",
        source: "hashicorp/vault#31919",
    },
    { version: "2.0.1", failure: IPC_LOCK, fixedIn: "2.0.2", source: IPC_LOCK_SOURCE },
    { version: "1.21.6", failure: IPC_LOCK, fixedIn: "1.21.7", source: IPC_LOCK_SOURCE },
    { version: "1.20.11", failure: IPC_LOCK, fixedIn: "1.20.12", source: IPC_LOCK_SOURCE },
    { version: "1.19.17", failure: IPC_LOCK, fixedIn: "1.19.18", source: IPC_LOCK_SOURCE },
];

/** The known-broken release `version` is (a leading "v" and build metadata such as "+ent" ignored), or undefined. */
export function knownBrokenVaultRelease(version: string): BrokenRelease | undefined {
    const plain = version.trim().replace(/^v/, "").replace(/\+.*$/, "");
    return BROKEN_VAULT_RELEASES.find((r) => r.version === plain);
}

/** One sentence for a config error or an upgrade refusal: what breaks, which release to use instead, and why we know. */
export function brokenReleaseMessage(release: BrokenRelease): string {
    return `is ${release.version}, whose official image does not start in the chart's pods: ${release.failure}. Use ${release.fixedIn} or later of that series (the chart ${VAULT_CHART.version} ships ${VAULT_CHART.appVersion}); source: ${release.source}`;
}
