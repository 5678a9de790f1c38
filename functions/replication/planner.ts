// The sync plan: what to do for every Vault path and every secret this function owns. Pure and exhaustive.

export const MANAGED_BY_TAG = "managed-by";
export const MANAGED_BY_VALUE = "strongroom";
export const VAULT_PATH_TAG = "vault-path";
export const VAULT_VERSION_TAG = "vault-version";

/** A secret's state in Vault, from its metadata (never its value). */
export interface VaultEntry {
    readonly path: string;
    readonly currentVersion: number;
    /** The current version is soft-deleted or destroyed: there is nothing to replicate. */
    readonly currentDeleted: boolean;
}

/** A Secrets Manager secret under the prefix, from ListSecrets (never its value). */
export interface StoredSecret {
    readonly name: string;
    readonly arn: string;
    readonly tags: Readonly<Record<string, string>>;
    readonly pendingDeletion: boolean;
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

export type Action =
    | { kind: "create"; path: string; name: string; version: number }
    | { kind: "update"; path: string; name: string; arn: string; version: number }
    | { kind: "restore"; path: string; name: string; arn: string; version: number; thenUpdate: boolean }
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

/** What must be read from Vault to decide a path: nothing, its metadata (a copy exists), or its data (none does). */
export function readNeeded(input: Omit<PlanInput, "vault" | "unreadable" | "treeComplete">, path: string): "none" | "metadata" | "data" {
    const name = secretName(input.prefix, path);
    const stored = byName(input.stored).get(name);
    if (connectionSecretMatcher(input.connectionSecretId)(name, stored?.arn) || !SECRET_NAME.test(name)) return "none";
    if (stored && !isManaged(stored)) return "none";
    return stored ? "metadata" : "data";
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
    if (!stored) return [{ kind: "create", path, name, version: entry.currentVersion }];
    const moved = stored.tags[VAULT_VERSION_TAG] !== String(entry.currentVersion);
    if (stored.pendingDeletion) return [{ kind: "restore", path, name, arn: stored.arn, version: entry.currentVersion, thenUpdate: moved }];
    if (moved) return [{ kind: "update", path, name, arn: stored.arn, version: entry.currentVersion }];
    return [{ kind: "unchanged", path, name }];
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
