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

export function plan(input: PlanInput): Action[] {
    const byName = new Map(input.stored.map((s) => [s.name, s]));
    const isConnectionSecret = connectionSecretMatcher(input.connectionSecretId);
    const actions: Action[] = [];
    const seen = new Set<string>();

    for (const entry of input.vault) {
        const name = secretName(input.prefix, entry.path);
        seen.add(name);
        const stored = byName.get(name);
        if (isConnectionSecret(name, stored?.arn)) actions.push({ kind: "protected", path: entry.path, name });
        else if (!SECRET_NAME.test(name)) actions.push({ kind: "invalid-name", path: entry.path, name });
        else if (stored && !isManaged(stored)) actions.push({ kind: "conflict", path: entry.path, name });
        else if (entry.currentDeleted) actions.push(...goneFromVault(input, entry.path, stored));
        else if (!stored) actions.push({ kind: "create", path: entry.path, name, version: entry.currentVersion });
        else if (stored.pendingDeletion) {
            const thenUpdate = stored.tags[VAULT_VERSION_TAG] !== String(entry.currentVersion);
            actions.push({ kind: "restore", path: entry.path, name, arn: stored.arn, version: entry.currentVersion, thenUpdate });
        } else if (stored.tags[VAULT_VERSION_TAG] !== String(entry.currentVersion)) {
            actions.push({ kind: "update", path: entry.path, name, arn: stored.arn, version: entry.currentVersion });
        } else actions.push({ kind: "unchanged", path: entry.path, name });
    }

    for (const path of input.unreadable) seen.add(secretName(input.prefix, path));
    for (const stored of input.stored) {
        if (seen.has(stored.name) || !isManaged(stored) || isConnectionSecret(stored.name, stored.arn)) continue;
        actions.push(...goneFromVault(input, stored.tags[VAULT_PATH_TAG] ?? stored.name.slice(input.prefix.length + 1), stored));
    }
    return actions;
}

/** A path with no live version in Vault: delete its managed copy, but only when asked to and only when sure. */
function goneFromVault(input: PlanInput, path: string, stored: StoredSecret | undefined): Action[] {
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
