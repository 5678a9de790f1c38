// Carries out sync actions: reads a secret's value from Vault only for the writes that need it.
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

/** Applies actions as they are planned, keeping the run's counts and failures. */
export class Applier {
    readonly counts: Counts = { created: 0, updated: 0, unchanged: 0, deleted: 0, conflicts: 0, failed: 0 };
    readonly failures: Failure[] = [];

    constructor(
        private readonly vault: VaultReader,
        private readonly store: SecretsStore,
        private readonly options: ApplyOptions,
        private readonly log: Logger,
    ) {}

    fail(path: string, err: unknown): void {
        const kind = typeof err === "string" ? err : errorKind(err);
        this.counts.failed++;
        this.failures.push({ path, kind });
        this.log.error("secret-failed", { path, kind });
    }

    /** `data` is the value already read for a create; anything else is read here, only if written. */
    async apply(a: Action, data?: Record<string, unknown>): Promise<void> {
        if (a.kind === "unchanged" || a.kind === "protected") {
            this.counts.unchanged++;
            if (a.kind === "protected") this.log.info("connection-secret-skipped", { path: a.path });
            return;
        }
        if (a.kind === "conflict") {
            this.counts.conflicts++;
            this.log.error("conflict-not-managed", { path: a.path, name: a.name });
            return;
        }
        if (a.kind === "invalid-name") return this.fail(a.path, "invalid-name");
        if (this.options.dryRun) {
            this.log.info("dry-run", { action: a.kind, path: a.path, name: a.name });
            return;
        }
        try {
            this.counts[await this.write(a, data)]++;
            this.log.info(a.kind, { path: a.path, name: a.name });
        } catch (err) {
            this.fail(a.path, err);
        }
    }

    private async write(a: Action, data?: Record<string, unknown>): Promise<keyof Counts> {
        const value = async (path: string, version: number) => JSON.stringify(data ?? (await this.vault.data(path, version)));
        const update = async (u: { path: string; arn: string; version: number }) => {
            await this.store.put(u.arn, await value(u.path, u.version), requestToken(u.path, u.version));
            await this.store.tag(u.arn, { [VAULT_VERSION_TAG]: String(u.version) });
        };
        switch (a.kind) {
            case "create":
                await this.store.create(
                    a.name,
                    await value(a.path, a.version),
                    this.options.kmsKeyId,
                    {
                        [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
                        [VAULT_PATH_TAG]: a.path,
                        [VAULT_VERSION_TAG]: String(a.version),
                    },
                    requestToken(a.path, a.version),
                );
                return "created";
            case "update":
                await update(a);
                return "updated";
            case "restore":
                // Restoring keeps the secret's ARN, which consumers' policies may name; re-creating would not.
                await this.store.restore(a.arn);
                if (a.thenUpdate) await update(a);
                return "updated";
            case "delete":
                await this.store.remove(a.arn, this.options.recoveryWindowDays);
                return "deleted";
            default:
                throw new Error(`not a write: ${a.kind}`);
        }
    }
}
