// One replication run: log in, read Vault's tree and the prefix's secrets side by side, plan, apply.
import { Counts, Failure, applyPlan } from "./apply-plan";
import { errorKind } from "./errors";
import { Logger } from "./log";
import { plan } from "./planner";
import { RetryOptions } from "./retry";
import { SecretsStore } from "./secrets-store";
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
    const limit = new Semaphore(settings.maxConcurrency);
    const store = new SecretsStore(settings.region, limit);
    const vault = new VaultReader({ address: settings.vaultAddr, caCert: settings.vaultCaCert, mount: settings.kvMount, path: settings.kvPath, limit, retry: deps.retry });

    if (settings.auth.method === "token") vault.useToken(await store.connectionToken(settings.auth.connectionSecretId));
    else await vault.loginWithAwsIam(settings.auth.role, settings.auth.mount, settings.region);

    const [tree, stored] = await Promise.all([vault.readTree(), store.listUnder(settings.secretsPrefix)]);
    const actions = plan({
        prefix: settings.secretsPrefix,
        vault: tree.entries,
        unreadable: new Set(tree.unreadable.keys()),
        stored,
        deleteMode: settings.deleteMode,
        treeComplete: tree.unlisted.size === 0,
        connectionSecretId: settings.connectionSecretId,
    });
    deps.log.info("planned", { vaultSecrets: tree.entries.length, storedSecrets: stored.length, actions: actions.length, dryRun: settings.dryRun });

    const { counts, failures } = await applyPlan(actions, vault, store, settings, deps.log);
    for (const [path, err] of [...tree.unreadable, ...tree.unlisted]) {
        counts.failed++;
        failures.push({ path: path || "/", kind: errorKind(err) });
        deps.log.error("vault-read-failed", { path: path || "/", kind: errorKind(err) });
    }
    return { counts, failures };
}
