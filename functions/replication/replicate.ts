// One replication run: log in, list Vault's tree and the prefix's secrets side by side, then decide and write each
// path as soon as its state is read (so reads and writes overlap), and finally handle paths gone from Vault.
import { Applier, Counts, Failure } from "./apply-plan";
import { errorKind } from "./errors";
import { Logger } from "./log";
import { planEntry, planGone, readNeeded, secretName, VaultEntry } from "./planner";
import { RetryOptions } from "./retry";
import { SecretsStore } from "./secrets-store";
import { RateLimiter } from "./rate-limiter";
import { Semaphore } from "./semaphore";
import { Settings } from "./settings";
import { VaultReader } from "./vault-reader";

export interface RunResult {
    readonly counts: Counts;
    readonly failures: Failure[];
}

export interface RunDeps {
    readonly log: Logger;
    /** Backoff for Vault calls; tests shorten it. */
    readonly retry?: RetryOptions;
}

export async function replicate(settings: Settings, deps: RunDeps): Promise<RunResult> {
    // MAX_CONCURRENCY bounds the calls in flight to each backend, so a slow Vault never starves AWS writes.
    const store = new SecretsStore(settings.region, new Semaphore(settings.maxConcurrency), new RateLimiter(settings.writeRate));
    const vault = new VaultReader({
        address: settings.vaultAddr,
        caCert: settings.vaultCaCert,
        mount: settings.kvMount,
        path: settings.kvPath,
        limit: new Semaphore(settings.maxConcurrency),
        retry: deps.retry,
    });

    if (settings.auth.method === "token") {
        vault.useToken(await store.connectionToken(settings.auth.connectionSecretId));
        await vault.renewToken().catch((err) => deps.log.error("token-renew-failed", { kind: errorKind(err) }));
    } else {
        await vault.loginWithAwsIam(settings.auth.role, settings.auth.mount, settings.region, settings.auth.serverId);
    }

    // Only copies under the configured sub-path are this run's to judge: a copy outside it belongs to a Vault path
    // this run never lists, and must never look "gone" (with DELETE_MODE=recover it would be deleted).
    const scope = settings.kvPath ? secretName(settings.secretsPrefix, settings.kvPath) : settings.secretsPrefix;
    const [tree, stored] = await Promise.all([vault.listTree(), store.listUnder(scope)]);
    const context = {
        prefix: settings.secretsPrefix,
        stored,
        deleteMode: settings.deleteMode,
        connectionSecretId: settings.connectionSecretId,
        treeComplete: tree.unlisted.size === 0,
    };
    deps.log.info("listed", { vaultSecrets: tree.paths.length, storedSecrets: stored.length, dryRun: settings.dryRun });

    const applier = new Applier(vault, store, settings, deps.log);
    await Promise.all(
        tree.paths.map(async (path) => {
            let entry: VaultEntry | undefined;
            let data: Record<string, unknown> | undefined;
            try {
                const need = readNeeded(context, path, settings.dryRun);
                if (need === "metadata") entry = await vault.metadata(path);
                else if (need === "data") ({ entry, data } = await vault.current(path));
            } catch (err) {
                // Unreadable is not gone: the path is still counted as seen, so its copy is never deleted.
                return applier.fail(path, err);
            }
            for (const action of planEntry(context, path, entry)) await applier.apply(action, data);
        }),
    );
    await Promise.all(planGone(context, new Set(tree.paths)).map((action) => applier.apply(action)));
    for (const [folder, err] of tree.unlisted) applier.fail(folder || "/", err);
    return { counts: applier.counts, failures: applier.failures };
}
