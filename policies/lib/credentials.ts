// Whether a configuration value is a credential, by its name or by its value, looking inside JSON values too.

/**
 * Names that say "this is a credential". A trailing _ARN, _NAME or _PREFIX only points at one; a *_SECRET_ID is an
 * AppRole secret_id (the credential itself) unless its value is an ARN (a Secrets Manager secret's id).
 */
const SECRET_NAME = /(TOKEN|PASSWORD|PASSWD|PASSPHRASE|SECRET|SECRET_?KEY|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|SECRET_?ID)$/i;
/** Credential values wherever they appear in a string: Vault tokens, AWS access key ids, private keys. */
const SECRET_VALUE = /(^|[^A-Za-z0-9])(hv[sbr]\.[A-Za-z0-9_-]{20,}|s\.[A-Za-z0-9]{24}|(AKIA|ASIA)[0-9A-Z]{16})([^A-Za-z0-9]|$)|PRIVATE KEY-----/;
/** An AWS secret access key: 40 characters of base64 (30 random bytes), so mixed case, unlike a hex digest. */
const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;
/** A URL with a password in its userinfo: scheme://user:password@host. */
const PASSWORD_IN_URL = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;

function valueIsCredential(value: string): boolean {
    if (SECRET_VALUE.test(value) || PASSWORD_IN_URL.test(value)) return true;
    return SECRET_ACCESS_KEY.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9/+]/.test(value);
}

/** Where (a name, or a name's JSON path) a credential sits in one variable; empty when none does. */
export function credentialsIn(name: string, value: unknown, where = name): string[] {
    if (value === null || value === undefined || value === "") return [];
    if (typeof value === "object") return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => credentialsIn(k, v, `${where}.${k}`));
    const text = String(value);
    if (/^\s*[[{]/.test(text)) {
        try {
            return credentialsIn(name, JSON.parse(text), where);
        } catch {
            /* not JSON: judged as text */
        }
    }
    const namedSecret = SECRET_NAME.test(name.replace(/[-.]/g, "_")) && !(/SECRET_?ID$/i.test(name) && text.startsWith("arn:"));
    return namedSecret || valueIsCredential(text) ? [where] : [];
}
