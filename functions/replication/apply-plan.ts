// Carries out a sync plan: reads a secret's value from Vault only for the writes that need it.
import { errorKind } from "./errors";
import { Logger } from "./log";
import { Action, MANAGED_BY_TAG, MANAGED_BY_VALUE, VAULT_PATH_TAG, VAULT_VERSION_TAG } from "./planner";
import { requestToken, SecretsStore } from "./secrets-store";
import { VaultReader } from "./vault-reader";

export interface Counts {
    created: number;
    updated: number;
    unchanged: number;
    deleted: number;
    conflicts: number;
    failed: number;
}

export interface Failure {
    readonly path: string;
    readonly kind: string;
}

export interface ApplyOptions {
    readonly kmsKeyId: string;
    readonly recoveryWindowDays: number;
    readonly dryRun: boolean;
}

export async function applyPlan(actions: Action[], vault: VaultReader, store: SecretsStore, options: ApplyOptions, log: Logger): Promise<{ counts: Counts; failures: Failure[] }> {
    const counts: Counts = { created: 0, updated: 0, unchanged: 0, deleted: 0, conflicts: 0, failed: 0 };
    const failures: Failure[] = [];
    const fail = (path: string, kind: string) => {
        counts.failed++;
        failures.push({ path, kind });
        log.error("secret-failed", { path, kind });
    };

    const value = async (path: string, version: number) => JSON.stringify(await vault.data(path, version));
    const update = async (a: { path: string; arn: string; version: number }) => {
        await store.put(a.arn, await value(a.path, a.version), requestToken(a.path, a.version));
        await store.tag(a.arn, { [VAULT_VERSION_TAG]: String(a.version) });
    };
    const write = async (a: Action): Promise<keyof Counts> => {
        switch (a.kind) {
            case "create":
                await store.create(a.name, await value(a.path, a.version), options.kmsKeyId, {
                    [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [VAULT_PATH_TAG]: a.path, [VAULT_VERSION_TAG]: String(a.version),
                }, requestToken(a.path, a.version));
                return "created";
            case "update":
                await update(a);
                return "updated";
            case "restore":
                // Restoring keeps the secret's ARN, which consumers' policies may name; re-creating would not.
                await store.restore(a.arn);
                if (a.thenUpdate) await update(a);
                return "updated";
            case "delete":
                await store.remove(a.arn, options.recoveryWindowDays);
                return "deleted";
            default:
                throw new Error(`not a write: ${a.kind}`);
        }
    };

    await Promise.all(actions.map(async (a) => {
        if (a.kind === "unchanged" || a.kind === "protected") {
            counts.unchanged++;
            if (a.kind === "protected") log.info("connection-secret-skipped", { path: a.path });
            return;
        }
        if (a.kind === "conflict") {
            counts.conflicts++;
            log.error("conflict-not-managed", { path: a.path, name: a.name });
            return;
        }
        if (a.kind === "invalid-name") return fail(a.path, "invalid-name");
        if (options.dryRun) {
            log.info("dry-run", { action: a.kind, path: a.path, name: a.name });
            return;
        }
        try {
            counts[await write(a)]++;
            log.info(a.kind, { path: a.path, name: a.name });
        } catch (err) {
            fail(a.path, errorKind(err));
        }
    }));
    return { counts, failures };
}
