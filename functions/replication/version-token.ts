// The ClientRequestToken each copy is written with, which Secrets Manager keeps as that version's VersionId: derived
// from the Vault version it copies, so a retried write makes no second version, and a copy whose current version
// has another id was written by someone else.
import { createHash } from "crypto";
import { VAULT_VERSION_CREATED_TAG, VAULT_VERSION_TAG } from "./copy-tags";

/**
 * The same Vault version (path, number, creation time) always gives the same token, so a write retried after a
 * half-finished run makes no second version (Secrets Manager treats a repeated ClientRequestToken with the same value
 * as a no-op), and a path re-created in Vault (its numbers start again at 1) never reuses an old version's token.
 */
export function requestToken(path: string, version: number, versionCreated = ""): string {
    return createHash("sha256").update(`${path}\u0000${version}\u0000${versionCreated}`).digest("hex");
}

/** The token of the first releases, before the creation time was part of it; copies they wrote still carry it. */
function legacyToken(path: string, version: number): string {
    return createHash("sha256").update(`${path}\u0000${version}`).digest("hex");
}

/**
 * The version ids this function may have given the version a copy's tags name, newest formula first: the first is
 * the one to restore. Empty when the tags name no version.
 */
export function ownVersionIds(path: string, tags: Readonly<Record<string, string>>): string[] {
    const version = Number(tags[VAULT_VERSION_TAG]);
    if (!Number.isInteger(version) || version < 1) return [];
    return [requestToken(path, version, tags[VAULT_VERSION_CREATED_TAG] ?? ""), legacyToken(path, version)];
}
