// One full replication run: log in, list Vault's tree and the prefix's secrets side by side, then decide and write
// each path as soon as its state is read (so reads and writes overlap), and finally handle paths gone from Vault.
// The schedule runs it; it is also the reconciler for anything the audit-event path missed.
import { Applier, Counts, Drift, Failure } from "./apply-plan";
import { connect } from "./connection";
import { Logger } from "./log";
import { planGone, secretName } from "./planner";
import { RetryOptions } from "./retry";
import { Settings } from "./settings";
import { syncPath } from "./sync-path";

export interface RunResult {
    readonly counts: Counts;
    readonly failures: Failure[];
    readonly drifts: Drift[];
}

export interface RunDeps {
    readonly log: Logger;
    /** Backoff for Vault calls; tests shorten it. */
    readonly retry?: RetryOptions;
}

export async function replicate(settings: Settings, deps: RunDeps): Promise<RunResult> {
    const c = await connect(settings, deps);
    // Only copies under the configured sub-path are this run's to judge: a copy outside it belongs to a Vault path
    // this run never lists, and must never look "gone" (with DELETE_MODE=recover it would be deleted).
    const scope = settings.kvPath ? secretName(settings.secretsPrefix, settings.kvPath) : settings.secretsPrefix;
    const [tree, stored] = await Promise.all([c.vault.listTree(), c.store.listUnder(scope)]);
    const ctx = {
        prefix: settings.secretsPrefix,
        stored,
        deleteMode: settings.deleteMode,
        connectionSecretId: settings.connectionSecretId,
        treeComplete: tree.unlisted.size === 0,
        fresh: false,
    };
    deps.log.info("listed", { vaultSecrets: tree.paths.length, storedSecrets: stored.length, dryRun: settings.dryRun });

    const applier = new Applier(c.vault, c.store, settings, deps.log);
    await Promise.all(tree.paths.map((path) => syncPath(ctx, path, c, applier, settings.dryRun)));
    await Promise.all(planGone(ctx, new Set(tree.paths)).map((action) => applier.apply(action)));
    for (const [folder, err] of tree.unlisted) applier.fail(folder || "/", err);
    return { counts: applier.counts, failures: applier.failures, drifts: applier.drifts };
}
