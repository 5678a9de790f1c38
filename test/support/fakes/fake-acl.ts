// Vault's ACL model, small: policies are path globs with capabilities; a token holds policy names; "root" may do
// anything. Policies arrive as the HCL Vault accepts; this reads the `path "…" { capabilities = […] }` form.
// https://developer.hashicorp.com/vault/docs/concepts/policies

export type Capability = "create" | "read" | "update" | "delete" | "list" | "sudo" | "deny";

export class FakeAcl {
    readonly policies = new Map<string, { text: string; rules: { path: string; capabilities: string[] }[] }>();
    /** token -> policy names */
    readonly tokens = new Map<string, { policies: string[]; period?: number; displayName?: string }>();

    setPolicy(name: string, text: string): void {
        const rules = [...text.matchAll(/path\s+"([^"]+)"\s*\{\s*capabilities\s*=\s*\[([^\]]*)\]\s*\}/g)].map((m) => ({
            path: m[1],
            capabilities: m[2]
                .split(",")
                .map((c) => c.trim().replace(/"/g, ""))
                .filter(Boolean),
        }));
        this.policies.set(name, { text, rules });
    }

    allows(token: string | undefined, path: string, capability: Capability): boolean {
        const entry = token ? this.tokens.get(token) : undefined;
        if (!entry) return false;
        if (entry.policies.includes("root")) return true;
        const rules = entry.policies.flatMap((p) => this.policies.get(p)?.rules ?? []);
        const matching = rules.filter((r) => (r.path.endsWith("*") ? path.startsWith(r.path.slice(0, -1)) : path === r.path));
        if (matching.some((r) => r.capabilities.includes("deny"))) return false;
        return matching.some((r) => r.capabilities.includes(capability));
    }
}
