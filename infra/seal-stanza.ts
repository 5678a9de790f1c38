// The `seal "awskms"` block(s) of Vault's server config, for both layouts. One block normally; during a seal
// migration (strongroom:sealMigration migrating) the previous key's block, disabled, and the new key's block, both
// named: Vault then unseals with the previous key only when an operator runs `vault operator unseal -migrate` with
// the recovery keys, and wraps its root key with the new one (Vault docs, "Seal migration", auto unseal to auto
// unseal; rehearsed with awskms to awskms on Vault 1.21.1 in scripts/rehearse/seal-migration.ts).

export interface SealSettings {
    readonly region: string;
    /** The key Vault wraps its root key with. */
    readonly unsealKeyId: string;
    /** The key it was wrapped with before a migration, while the migration runs. */
    readonly previousUnsealKeyId?: string;
    /** After a migration, the new key's block keeps its name (a seal's name must not change). */
    readonly migrated?: boolean;
    /** An AWS API endpoint instead of AWS's own (the rehearsal's emulator). Default: none. */
    readonly endpoint?: string;
    /** Extra lines inside each block, e.g. a comment. Default: none. */
    readonly indent?: string;
}

/** Seal names: they identify each seal's wrapped values, so they stay the same from migration to the end. */
export const SEAL_NAMES = { previous: "single-region", current: "multi-region" } as const;

export function renderSeal(s: SealSettings): string {
    const block = (keyId: string, extra: string[]) =>
        [
            'seal "awskms" {',
            ...extra,
            `  region     = ${JSON.stringify(s.region)}`,
            `  kms_key_id = ${JSON.stringify(keyId)}`,
            ...(s.endpoint ? [`  endpoint   = ${JSON.stringify(s.endpoint)}`] : []),
            "}",
        ].join("\n");
    if (s.previousUnsealKeyId)
        return [
            block(s.previousUnsealKeyId, [`  name       = "${SEAL_NAMES.previous}"`, `  disabled   = "true"`]),
            block(s.unsealKeyId, [`  name       = "${SEAL_NAMES.current}"`]),
        ].join("\n\n");
    return block(s.unsealKeyId, s.migrated ? [`  name       = "${SEAL_NAMES.current}"`] : []);
}
