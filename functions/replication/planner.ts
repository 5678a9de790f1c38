// The sync plan: what to do for every Vault path and every secret this function owns. Pure and exhaustive.
import { MANAGED_BY_TAG, MANAGED_BY_VALUE, VAULT_PATH_TAG, VAULT_VERSION_CREATED_TAG, VAULT_VERSION_TAG } from "./copy-tags";
import { ownVersionIds } from "./version-token";

export { MANAGED_BY_TAG, MANAGED_BY_VALUE, MAX_TAG_VALUE, VAULT_PATH_TAG, VAULT_VERSION_CREATED_TAG, VAULT_VERSION_TAG } from "./copy-tags";

/** A secret's state in Vault, from its metadata (never its value). */
export interface VaultEntry {
    readonly path: string;
    /** 0 when the key has metadata but no version yet (`vault kv metadata put`). */
    readonly currentVersion: number;
    /** There is no live current version (soft-deleted, destroyed, or none yet): there is nothing to replicate. */
    readonly currentDeleted: boolean;
    /** The current version's created_time, as Vault reports it. */
    readonly versionCreated?: string;
}

/** A Secrets Manager secret under the prefix, from ListSecrets (never its value). */
export interface StoredSecret {
    readonly name: string;
    readonly arn: string;
    readonly tags: Readonly<Record<string, string>>;
    readonly pendingDeletion: boolean;
    /** LastChangedDate in ms: when the copy was last written. */
    readonly lastChanged?: number;
    /**
     * From ListSecrets' SecretVersionsToStages, which it returns anyway: the version with the AWSCURRENT label and
     * every version that has a label. Undefined when the listing did not say.
     */
    readonly versions?: { readonly current?: string; readonly labelled: readonly string[] };
}

export interface PlanInput {
    readonly prefix: string;
    readonly vault: readonly VaultEntry[];
    /** Vault paths that exist but whose metadata could not be read: never deleted, reported elsewhere. */
    readonly unreadable: ReadonlySet<string>;
    readonly stored: readonly StoredSecret[];
    readonly deleteMode: "off" | "recover";
    /** False when part of the Vault tree could not be listed: then nothing can be known to be gone. */
    readonly treeComplete: boolean;
    /** The function's own connection secret (name or ARN): never touched. */
    readonly connectionSecretId?: string;
}

/** Which Vault version a write copies: its number and creation time. */
export interface VersionId {
    readonly version: number;
    readonly versionCreated?: string;
}

export type Action =
    | ({ kind: "create"; path: string; name: string } & VersionId)
    | ({ kind: "update"; path: string; name: string; arn: string } & VersionId)
    | ({ kind: "restore"; path: string; name: string; arn: string; thenUpdate: boolean } & VersionId)
    /**
     * A copy whose tags say it is current but whose current version is not one this function wrote: changed outside
     * Vault. `restoreTo` is the function's own version of it, to make current again (its value is Vault's).
     */
    | ({ kind: "drifted"; path: string; name: string; arn: string; currentId: string; restoreTo: string; restoreListed: boolean } & VersionId)
    /** A copy made before the creation-time tag existed, proven current: tag it, write nothing. */
    | ({ kind: "retag"; path: string; name: string; arn: string } & VersionId)
    | { kind: "delete"; path: string; name: string; arn: string }
    | { kind: "unchanged"; path: string; name: string }
    | { kind: "conflict"; path: string; name: string }
    | { kind: "protected"; path: string; name: string }
    | { kind: "invalid-name"; path: string; name: string };

const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

export function secretName(prefix: string, path: string): string {
    return `${prefix}/${path}`;
}

export function isManaged(secret: StoredSecret): boolean {
    return secret.tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE;
}

/**
 * What must be read from Vault to decide a path: nothing, its metadata, or (in a first sync) its data.
 * Metadata comes first whenever the prefix already holds copies: it tells a live version from a deleted one or a key
 * with no version, so a value is read only when it will be written, and a deleted path with no copy costs no data
 * read run after run. In a first sync (no copies yet) nearly every path is written, so one data read per path, which
 * returns the version with the value, replaces two calls. A dry run never reads values.
 */
export function readNeeded(input: Omit<PlanInput, "vault" | "unreadable" | "treeComplete">, path: string, dryRun = false): "none" | "metadata" | "data" {
    const name = secretName(input.prefix, path);
    const stored = byName(input.stored).get(name);
    if (connectionSecretMatcher(input.connectionSecretId)(name, stored?.arn) || !SECRET_NAME.test(name)) return "none";
    if (stored && !isManaged(stored)) return "none";
    return input.stored.length === 0 && !dryRun ? "data" : "metadata";
}

/** The action for one Vault path. `entry` is undefined when nothing had to be read (see readNeeded). */
export function planEntry(
    input: Omit<PlanInput, "vault" | "unreadable" | "treeComplete"> & { treeComplete?: boolean },
    path: string,
    entry?: VaultEntry,
): Action[] {
    const name = secretName(input.prefix, path);
    const stored = byName(input.stored).get(name);
    if (connectionSecretMatcher(input.connectionSecretId)(name, stored?.arn)) return [{ kind: "protected", path, name }];
    if (!SECRET_NAME.test(name)) return [{ kind: "invalid-name", path, name }];
    if (stored && !isManaged(stored)) return [{ kind: "conflict", path, name }];
    if (!entry) throw new Error(`planEntry needs Vault's state of ${path}`);
    if (entry.currentDeleted) return goneFromVault({ treeComplete: true, ...input }, path, stored);
    const id: VersionId = { version: entry.currentVersion, ...(entry.versionCreated ? { versionCreated: entry.versionCreated } : {}) };
    if (!stored) return [{ kind: "create", path, name, ...id }];
    const state = copyState(stored, entry);
    if (stored.pendingDeletion) return [{ kind: "restore", path, name, arn: stored.arn, thenUpdate: state !== "current", ...id }];
    if (state === "stale") return [{ kind: "update", path, name, arn: stored.arn, ...id }];
    if (state === "untagged") return [{ kind: "retag", path, name, arn: stored.arn, ...id }];
    const drift = driftOf(stored, path);
    if (drift) return [{ kind: "drifted", path, name, arn: stored.arn, ...drift, ...id }];
    return [{ kind: "unchanged", path, name }];
}

/**
 * Whether a copy holds Vault's current version. "untagged": a copy from before the creation-time tag, at the same
 * version number and written after that version was created, so it is that version (only the tag is missing).
 */
function copyState(stored: StoredSecret, entry: VaultEntry): "current" | "stale" | "untagged" {
    if (stored.tags[VAULT_VERSION_TAG] !== String(entry.currentVersion)) return "stale";
    const created = stored.tags[VAULT_VERSION_CREATED_TAG];
    if (entry.versionCreated === undefined) return "current";
    if (created !== undefined) return created === entry.versionCreated ? "current" : "stale";
    const writtenBefore = stored.lastChanged !== undefined && stored.lastChanged < Date.parse(entry.versionCreated);
    return writtenBefore ? "stale" : "untagged";
}

/**
 * Drift at no extra call: ListSecrets already says which version is AWSCURRENT. A current copy whose AWSCURRENT
 * version id is none of the ClientRequestTokens this function derives for the version its tags name was written by
 * someone else (PutSecretValue, UpdateSecret, a rotation, a stage moved by hand).
 */
function driftOf(stored: StoredSecret, path: string): { currentId: string; restoreTo: string; restoreListed: boolean } | undefined {
    const current = stored.versions?.current;
    const own = ownVersionIds(path, stored.tags);
    if (current === undefined || own.length === 0 || own.includes(current)) return undefined;
    const listed = own.find((id) => stored.versions!.labelled.includes(id));
    return { currentId: current, restoreTo: listed ?? own[0], restoreListed: listed !== undefined };
}

/** Actions for owned secrets whose Vault path was not seen at all (listed or unreadable) in this run. */
export function planGone(input: Omit<PlanInput, "vault" | "unreadable">, seenPaths: ReadonlySet<string>): Action[] {
    const isConnectionSecret = connectionSecretMatcher(input.connectionSecretId);
    const seen = new Set([...seenPaths].map((p) => secretName(input.prefix, p)));
    return input.stored
        .filter((s) => !seen.has(s.name) && isManaged(s) && !isConnectionSecret(s.name, s.arn))
        .flatMap((s) => goneFromVault(input, s.tags[VAULT_PATH_TAG] ?? s.name.slice(input.prefix.length + 1), s));
}

/** The whole plan at once, from every path's state: what a run amounts to, for tests and dry runs. */
export function plan(input: PlanInput): Action[] {
    const actions = input.vault.flatMap((entry) => planEntry(input, entry.path, entry));
    const seen = new Set([...input.vault.map((e) => e.path), ...input.unreadable]);
    return [...actions, ...planGone(input, seen)];
}

const indexes = new WeakMap<readonly StoredSecret[], Map<string, StoredSecret>>();

/** The listing by name, built once per listing: a run looks up every Vault path in it. */
function byName(stored: readonly StoredSecret[]): Map<string, StoredSecret> {
    let index = indexes.get(stored);
    if (!index) indexes.set(stored, (index = new Map(stored.map((s) => [s.name, s]))));
    return index;
}

/** A path with no live version in Vault: delete its managed copy, but only when asked to and only when sure. */
function goneFromVault(input: Pick<PlanInput, "deleteMode" | "treeComplete">, path: string, stored: StoredSecret | undefined): Action[] {
    if (!stored || !isManaged(stored) || stored.pendingDeletion) return [];
    if (input.deleteMode !== "recover" || !input.treeComplete) return [{ kind: "unchanged", path, name: stored.name }];
    return [{ kind: "delete", path, name: stored.name, arn: stored.arn }];
}

/** Matches the connection secret by name, by full ARN, or by the name inside its ARN (`…:secret:<name>-AbCdEf`). */
function connectionSecretMatcher(id: string | undefined): (name: string, arn?: string) => boolean {
    if (!id) return () => false;
    const nameInArn = /^arn:[^:]+:secretsmanager:[^:]+:\d+:secret:(.+)-[A-Za-z0-9]{6}$/.exec(id)?.[1];
    return (name, arn) => name === id || arn === id || name === nameInArn;
}
