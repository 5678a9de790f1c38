// One path, the same way in a full run and for an audit event: read what must be read from Vault, plan, write.
import { Applier } from "./apply-plan";
import { Connection } from "./connection";
import { planEntry, PlanInput, readNeeded, secretName, VaultEntry } from "./planner";

export type PathContext = Omit<PlanInput, "vault" | "unreadable"> & {
    /** The copies' state is as of now (DescribeSecret), not from a listing that may lag by minutes. */
    readonly fresh: boolean;
};

export async function syncPath(ctx: PathContext, path: string, c: Connection, applier: Applier, dryRun: boolean): Promise<void> {
    let entry: VaultEntry | undefined;
    let data: Record<string, unknown> | undefined;
    let actions;
    try {
        const need = readNeeded(ctx, path, dryRun);
        if (need === "metadata") entry = await c.vault.metadata(path);
        else if (need === "data") ({ entry, data } = await c.vault.current(path));
        actions = planEntry(ctx, path, entry);
        // ListSecrets is eventually consistent: a copy written seconds ago may still be listed with its old stages.
        // A suspected drift costs one DescribeSecret to confirm before anything is rewritten or reported.
        if (!ctx.fresh && actions.some((a) => a.kind === "drifted")) {
            const now = await c.store.describe(secretName(ctx.prefix, path));
            actions = planEntry({ ...ctx, stored: now ? [now] : [] }, path, entry);
        }
    } catch (err) {
        // Unreadable is not gone: the path is still counted as seen, so its copy is never deleted.
        return applier.fail(path, err);
    }
    for (const action of actions) await applier.apply(action, data);
}
