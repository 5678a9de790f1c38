// The audit-event path: sync only the paths an event names, through the same reads, planner, pacer, ownership
// rules and failure reporting as a full run. Each copy's state is read fresh with DescribeSecret (ListSecrets may
// lag by minutes, and these copies may have been written seconds ago). A path gone from Vault reads as gone, so in
// recover mode its copy is deleted; everything else waits for the schedule, which stays the reconciler.
import { Applier } from "./apply-plan";
import { connect } from "./connection";
import { secretName, StoredSecret } from "./planner";
import { RunDeps, RunResult } from "./replicate";
import { Settings } from "./settings";
import { syncPath } from "./sync-path";

export async function replicatePaths(settings: Settings, paths: readonly string[], deps: RunDeps): Promise<RunResult> {
    const c = await connect(settings, deps);
    const applier = new Applier(c.vault, c.store, settings, deps.log);
    deps.log.info("event-paths", { paths: paths.length, dryRun: settings.dryRun });
    // Each path on its own, from its DescribeSecret to its write, MAX_CONCURRENCY paths at a time: the first write
    // goes out as soon as one path is read, and a path's write never queues behind the rest of the batch's reads, so
    // the pacer is not left idle while a large batch is being read.
    await eachAtMost(settings.maxConcurrency, paths, async (path) => {
        let stored: StoredSecret | undefined;
        try {
            stored = await c.store.describe(secretName(settings.secretsPrefix, path));
        } catch (err) {
            return applier.fail(path, err);
        }
        const ctx = {
            prefix: settings.secretsPrefix,
            stored: stored ? [stored] : [],
            deleteMode: settings.deleteMode,
            connectionSecretId: settings.connectionSecretId,
            // The path's own state is read: a path Vault says is gone is known to be gone.
            treeComplete: true,
            fresh: true,
        };
        await syncPath(ctx, path, c, applier, settings.dryRun);
    });
    return { counts: applier.counts, failures: applier.failures, drifts: applier.drifts };
}

/** Runs `task` over `items` with at most `limit` running at once, in order of starting. */
async function eachAtMost<T>(limit: number, items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
        Array.from({ length: Math.min(limit, items.length) }, async () => {
            while (next < items.length) await task(items[next++]);
        }),
    );
}
