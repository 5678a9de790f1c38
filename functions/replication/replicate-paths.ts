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
    const described = await Promise.all(
        paths.map((path) =>
            c.store.describe(secretName(settings.secretsPrefix, path)).then(
                (stored) => ({ path, stored }),
                (err: unknown) => void applier.fail(path, err),
            ),
        ),
    );
    const readable = described.filter((d): d is { path: string; stored: StoredSecret | undefined } => d !== undefined);
    const ctx = {
        prefix: settings.secretsPrefix,
        stored: readable.flatMap((d) => (d.stored ? [d.stored] : [])),
        deleteMode: settings.deleteMode,
        connectionSecretId: settings.connectionSecretId,
        // Each path's own state is read below: a path Vault says is gone is known to be gone.
        treeComplete: true,
        fresh: true,
    };
    deps.log.info("event-paths", { paths: paths.length, storedSecrets: ctx.stored.length, dryRun: settings.dryRun });
    await Promise.all(readable.map(({ path }) => syncPath(ctx, path, c, applier, settings.dryRun)));
    return { counts: applier.counts, failures: applier.failures, drifts: applier.drifts };
}
