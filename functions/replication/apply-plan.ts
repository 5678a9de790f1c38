// Carries out sync actions: reads a secret's value from Vault only for the writes that need it.
import { errorKind, SyncError } from "./errors";
import { Logger } from "./log";
import { Action, MANAGED_BY_TAG, MANAGED_BY_VALUE, MAX_TAG_VALUE, VAULT_PATH_TAG, VAULT_VERSION_CREATED_TAG, VAULT_VERSION_TAG, VersionId } from "./planner";
import { SecretsStore } from "./secrets-store";
import { requestToken } from "./version-token";
import { VaultReader } from "./vault-reader";

export interface Counts {
    created: number;
    updated: number;
    unchanged: number;
    deleted: number;
    conflicts: number;
    failed: number;
    /** Copies found changed outside Vault (rewritten unless DRIFT_MODE=report). */
    drifted: number;
}

export interface Failure {
    readonly path: string;
    readonly kind: string;
}

/** A copy whose current version someone else wrote. */
export interface Drift {
    readonly path: string;
    readonly name: string;
    /** Made Vault's version again; false in report-only mode or when that failed (then it is a failure too). */
    readonly rewritten: boolean;
}

export interface ApplyOptions {
    readonly kmsKeyId: string;
    readonly recoveryWindowDays: number;
    readonly dryRun: boolean;
    readonly driftMode: "rewrite" | "report";
}

/** Applies actions as they are planned, keeping the run's counts and failures. */
export class Applier {
    readonly counts: Counts = { created: 0, updated: 0, unchanged: 0, deleted: 0, conflicts: 0, failed: 0, drifted: 0 };
    readonly failures: Failure[] = [];
    readonly drifts: Drift[] = [];

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

    /** `data` is the value a first sync already read; any other value is read here, only for a write that needs it. */
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
        if (a.kind === "drifted") return this.redress(a, data);
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

    /** A copy changed outside Vault: always counted and reported; made Vault's again unless only reporting. */
    private async redress(a: Extract<Action, { kind: "drifted" }>, data?: Record<string, unknown>): Promise<void> {
        this.counts.drifted++;
        const rewrite = this.options.driftMode === "rewrite" && !this.options.dryRun;
        this.log.error("copy-changed-outside-vault", { path: a.path, name: a.name, action: rewrite ? "rewrite" : "report-only" });
        if (!rewrite) return void this.drifts.push({ path: a.path, name: a.name, rewritten: false });
        try {
            await this.store.makeCurrent(a.arn, a.restoreTo, a.currentId).catch(async (err) => {
                // Our version is gone (Secrets Manager drops unlabelled versions): write it again from Vault.
                if (a.restoreListed || !isMissingVersion(err)) throw err;
                await this.store.put(a.arn, await this.value(a, data), a.restoreTo);
            });
            this.drifts.push({ path: a.path, name: a.name, rewritten: true });
        } catch (err) {
            this.drifts.push({ path: a.path, name: a.name, rewritten: false });
            this.fail(a.path, err);
        }
    }

    private async write(a: Action, data?: Record<string, unknown>): Promise<keyof Counts> {
        const update = async (u: { path: string; arn: string } & VersionId) => {
            await this.store.put(u.arn, await this.value(u), requestToken(u.path, u.version, u.versionCreated));
            await this.store.tag(u.arn, versionTags(u));
        };
        switch (a.kind) {
            case "create":
                await this.store.create(
                    a.name,
                    await this.value(a, data),
                    this.options.kmsKeyId,
                    {
                        [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
                        // The path is the name without the prefix; the tag is a convenience, kept within the tag limit.
                        ...(a.path.length <= MAX_TAG_VALUE ? { [VAULT_PATH_TAG]: a.path } : {}),
                        ...versionTags(a),
                    },
                    requestToken(a.path, a.version, a.versionCreated),
                );
                return "created";
            case "update":
                await update(a);
                return "updated";
            case "retag":
                // A copy from before the creation-time tag that is proven current: one tag call, no value read.
                await this.store.tag(a.arn, versionTags(a));
                return "unchanged";
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

    /** The version's KV data as the JSON string to store, refused before any AWS call when over Secrets Manager's limit. */
    private async value(v: { path: string } & VersionId, data?: Record<string, unknown>): Promise<string> {
        const value = JSON.stringify(data ?? (await this.vault.data(v.path, v.version)));
        if (Buffer.byteLength(value, "utf8") > MAX_SECRET_BYTES) throw new SyncError("value-too-large", `${v.path} is over 64 KB as JSON`);
        return value;
    }
}

function isMissingVersion(err: unknown): boolean {
    const name = (err as { name?: string }).name;
    return name === "ResourceNotFoundException" || name === "InvalidParameterException";
}

/** SecretString is limited to 65,536 bytes. https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html */
export const MAX_SECRET_BYTES = 65_536;

function versionTags(v: VersionId): Record<string, string> {
    return { [VAULT_VERSION_TAG]: String(v.version), ...(v.versionCreated ? { [VAULT_VERSION_CREATED_TAG]: v.versionCreated } : {}) };
}
