// Vault version strings, compared as release numbers (a leading "v" and a "+ent"/"-rc1" suffix ignored). Pure.

/** [major, minor, patch] of "1.2.3", or undefined. */
export function parseVersion(v: string): [number, number, number] | undefined {
    const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(v.trim());
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Negative when a < b, 0 when equal, positive when a > b. Both must parse. */
export function compareVersions(a: string, b: string): number {
    const [pa, pb] = [parseVersion(a), parseVersion(b)];
    if (!pa || !pb) throw new Error(`not a version: ${pa ? b : a}`);
    for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
    return 0;
}
