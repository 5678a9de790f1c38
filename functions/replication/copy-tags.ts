// The tags every copy carries: who owns it, which Vault path and which version of it it holds.

export const MANAGED_BY_TAG = "managed-by";
export const MANAGED_BY_VALUE = "strongroom";
export const VAULT_PATH_TAG = "vault-path";
export const VAULT_VERSION_TAG = "vault-version";
/**
 * When Vault created the copied version. A version number alone does not identify a version: after
 * `vault kv metadata delete` the path starts again at 1. Number and creation time together do.
 */
export const VAULT_VERSION_CREATED_TAG = "vault-version-created";
/** Secrets Manager tag values stop at 256 characters (names at 512): longer paths are derived from the name. */
export const MAX_TAG_VALUE = 256;
