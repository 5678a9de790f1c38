// Vault's server configuration, read with a real HCL parser (@cdktn/hcl2json: HashiCorp's hcl/v2 parser compiled
// to WebAssembly, MPL-2.0; the maintained continuation of @cdktf/hcl2json) or as JSON, which Vault also accepts,
// then judged the way Vault reads it (github.com/hashicorp/vault internalshared/configutil: seal `disabled` and
// listener `tls_disable` go through parseutil.ParseBool, i.e. mapstructure's weak decoding: "1", "t", "TRUE", 1).
import { parse as parseHcl } from "@cdktn/hcl2json";
import { parse as parseYaml } from "yaml";

export interface Block {
    readonly type: string;
    readonly body: Record<string, unknown>;
}

export interface VaultConfig {
    readonly listeners: Block[];
    readonly seals: Block[];
    readonly storage: Block[];
}

/** HCL gives `{seal: {awskms: [{…}]}}`; JSON configs may write `{seal: {awskms: {…}}}` or `{seal: [{awskms: {…}}]}`. */
function blocks(value: unknown): Block[] {
    const out: Block[] = [];
    for (const entry of Array.isArray(value) ? value : value && typeof value === "object" ? [value] : []) {
        for (const [type, bodies] of Object.entries(entry as Record<string, unknown>)) {
            for (const body of Array.isArray(bodies) ? bodies : [bodies]) out.push({ type: type.toLowerCase(), body: (body ?? {}) as Record<string, unknown> });
        }
    }
    return out;
}

/** Parses Vault configuration text (HCL or JSON); throws with the parser's message when Vault could not read it either. */
export async function parseVaultConfig(text: string): Promise<VaultConfig> {
    const tree: Record<string, unknown> = text.trim().startsWith("{") ? JSON.parse(text) : await parseHcl("vault.hcl", text);
    return { listeners: blocks(tree.listener), seals: blocks(tree.seal), storage: blocks(tree.storage ?? tree.backend) };
}

/** Vault's boolean reading of a setting: undefined when Vault would refuse the value. */
export function vaultBool(v: unknown): boolean | undefined {
    if (v === undefined || v === null) return false;
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return v !== 0;
    const s = String(v);
    if (s === "") return false;
    if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
    if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
    return undefined;
}

/** What keeps a parsed configuration from auto-unsealing with KMS over TLS only. */
export function configProblems(config: VaultConfig): string[] {
    const problems: string[] = [];
    const kms = config.seals.filter((s) => s.type === "awskms");
    if (kms.length === 0) problems.push('the Vault configuration has no seal "awskms" block');
    else if (!kms.some((s) => vaultBool(s.body.disabled) === false))
        problems.push('the seal "awskms" block is disabled (disabled = true marks a seal being migrated away from): Vault falls back to Shamir keys');
    for (const [i, l] of config.listeners.entries()) {
        const tls = vaultBool(l.body.tls_disable);
        if (tls === undefined) problems.push(`listener ${i} has tls_disable = ${JSON.stringify(l.body.tls_disable)}, which Vault cannot read as a boolean`);
        else if (tls) problems.push(`listener "${l.type}" ${i} disables TLS (tls_disable = ${JSON.stringify(l.body.tls_disable)})`);
    }
    return problems;
}

const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1[^\n]*\n([\s\S]*?)\n\s*\2\s*$/gm;
const LOOKS_LIKE_VAULT = /^\s*"?(listener|storage|backend|seal)"?\s*("[A-Za-z0-9_-]+"|[A-Za-z0-9_-]+)?\s*[{=:]/m;

/** Vault configuration files written by EC2 user data: cloud-config write_files, shell heredocs, or the text itself. */
export function vaultConfigsIn(userData: string): string[] {
    const candidates: string[] = [];
    if (/^#cloud-config/.test(userData)) {
        try {
            const doc = parseYaml(userData) as { write_files?: { content?: string; encoding?: string }[] };
            for (const f of doc?.write_files ?? []) {
                const content = String(f.content ?? "");
                candidates.push(/^b(ase)?64$/.test(f.encoding ?? "") ? Buffer.from(content, "base64").toString("utf8") : content);
            }
        } catch {
            /* not YAML after all: the heredoc and whole-text readings below still apply */
        }
    }
    for (const m of userData.matchAll(HEREDOC)) candidates.push(m[3]);
    if (candidates.length === 0) candidates.push(userData);
    return candidates.filter((c) => LOOKS_LIKE_VAULT.test(c));
}
