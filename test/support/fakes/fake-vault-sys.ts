// The system and auth-method endpoints of the fake Vault that `vault:init` and `vault:configure` use, as
// documented: sys/init, sys/health, sys/mounts, sys/policies/acl, sys/auth, sys/audit, auth/aws, auth/kubernetes,
// auth/token. https://developer.hashicorp.com/vault/api-docs/system
import { randomBytes } from "crypto";
import { FakeAcl } from "./fake-acl";

export type Reply = { status: number; body?: unknown };
const ok = (body?: unknown): Reply => (body === undefined ? { status: 204 } : { status: 200, body });
const fail = (status: number, message: string): Reply => ({ status, body: { errors: [message] } });

export class FakeVaultSys {
    initialized = true;
    readonly mounts = new Map<string, { type: string; options: Record<string, string> }>();
    readonly auths = new Map<string, { type: string }>();
    readonly audits = new Map<string, { type: string; options: Record<string, string> }>();
    /** auth/<mount>/config and auth/<mount>/config/client, by path. */
    readonly configs = new Map<string, Record<string, unknown>>();
    /** auth/<mount>/role/<name>, by path. */
    readonly roles = new Map<string, Record<string, unknown>>();
    /** Every write made, for tests that count changes. */
    readonly writes: string[] = [];

    constructor(private readonly acl: FakeAcl) {}

    newToken(policies: string[], extra: { period?: number; displayName?: string } = {}): string {
        const token = `hvs.fake${randomBytes(12).toString("hex")}`;
        this.acl.tokens.set(token, { policies, ...extra });
        return token;
    }

    /** Unauthenticated endpoints: health and init status. */
    public(method: string, path: string, body: Record<string, any>): Reply | undefined {
        if (path === "sys/health")
            return this.initialized
                ? ok({ initialized: true, sealed: false, standby: false, version: "2.0.4" })
                : { status: 501, body: { initialized: false, sealed: true } };
        if (path !== "sys/init") return undefined;
        if (method === "GET") return ok({ initialized: this.initialized });
        if (this.initialized) return fail(400, "Vault is already initialized");
        const shares = Number(body.recovery_shares);
        const threshold = Number(body.recovery_threshold);
        if (!(shares >= 1 && threshold >= 1 && threshold <= shares)) return fail(400, "invalid recovery shares or threshold");
        const pgp: string[] | undefined = body.recovery_pgp_keys;
        if (pgp && pgp.length !== shares) return fail(400, "incorrect number of PGP keys for recovery");
        this.initialized = true;
        const keys = [...Array(shares)].map((_, i) =>
            pgp ? Buffer.from(`pgp-encrypted:${i}:${randomBytes(8).toString("hex")}`).toString("base64") : randomBytes(32).toString("hex"),
        );
        return ok({
            keys: [],
            keys_base64: [],
            recovery_keys: keys,
            recovery_keys_base64: keys.map((k) => Buffer.from(k).toString("base64")),
            root_token: this.newToken(["root"]),
        });
    }

    handle(method: string, path: string, body: Record<string, any>, token: string | undefined): Reply {
        const write = method === "PUT" || method === "POST";
        const record = (what: string) => this.writes.push(`${method} ${what}`);
        let m: RegExpExecArray | null;
        if (path === "sys/mounts" && method === "GET") return ok(listing(this.mounts));
        if ((m = /^sys\/mounts\/(.+)$/.exec(path)) && write) {
            if (this.mounts.has(`${m[1]}/`)) return fail(400, `path is already in use at ${m[1]}/`);
            record(path);
            this.mounts.set(`${m[1]}/`, { type: body.type, options: body.options ?? {} });
            return ok();
        }
        if ((m = /^sys\/policies\/acl\/(.+)$/.exec(path))) {
            if (write) {
                record(path);
                this.acl.setPolicy(m[1], body.policy);
                return ok();
            }
            const policy = this.acl.policies.get(m[1]);
            return policy ? ok({ data: { name: m[1], policy: policy.text } }) : fail(404, "");
        }
        if (path === "sys/auth" && method === "GET") return ok(listing(this.auths));
        if ((m = /^sys\/auth\/(.+)$/.exec(path)) && write) {
            if (this.auths.has(`${m[1]}/`)) return fail(400, `path is already in use at ${m[1]}/`);
            record(path);
            this.auths.set(`${m[1]}/`, { type: body.type });
            return ok();
        }
        if (path === "sys/audit" && method === "GET") return ok(listing(this.audits));
        if ((m = /^sys\/audit\/(.+)$/.exec(path)) && write) {
            if (this.audits.has(`${m[1]}/`)) return fail(400, "path already in use");
            record(path);
            this.audits.set(`${m[1]}/`, { type: body.type, options: body.options ?? {} });
            return ok();
        }
        if (path === "sys/storage/raft/autopilot/configuration") {
            // As Vault checks it (vault/logical_system_raft.go): cleanup needs a min_quorum of at least 3.
            if (!write) return ok({ data: this.configs.get(path) ?? { cleanup_dead_servers: false, min_quorum: 0 } });
            if (body.cleanup_dead_servers && !(Number(body.min_quorum) >= 3))
                return fail(400, "min_quorum must be set when cleanup_dead_servers is set and it should at least be 3");
            record(path);
            this.configs.set(path, { ...(this.configs.get(path) ?? {}), ...body });
            return ok();
        }
        if ((m = /^auth\/([^/]+)\/(config(\/client)?|role\/[^/]+)$/.exec(path))) {
            if (!this.auths.has(`${m[1]}/`)) return fail(404, `no handler for route "${path}"`);
            const store = m[2].startsWith("role") ? this.roles : this.configs;
            if (write) {
                record(path);
                store.set(path, { ...(store.get(path) ?? {}), ...body });
                return ok();
            }
            const found = store.get(path);
            return found ? ok({ data: found }) : fail(404, "");
        }
        if (path === "auth/token/create" && write) {
            record(path);
            const policies: string[] = body.policies ?? [];
            return ok({
                auth: {
                    client_token: this.newToken(policies, { period: parseDuration(body.period), displayName: body.display_name }),
                    policies,
                    lease_duration: parseDuration(body.period) ?? 3600,
                    renewable: true,
                },
            });
        }
        if (path === "auth/token/lookup" && write) {
            const entry = this.acl.tokens.get(body.token);
            return entry
                ? ok({ data: { policies: entry.policies, period: entry.period ?? 0, display_name: entry.displayName ?? "" } })
                : fail(403, "bad token");
        }
        if (path === "auth/token/renew-self" && write) {
            const entry = token ? this.acl.tokens.get(token) : undefined;
            return entry
                ? ok({ auth: { client_token: token, policies: entry.policies, lease_duration: entry.period ?? 3600, renewable: true } })
                : fail(403, "permission denied");
        }
        return fail(405, `unsupported in this fake: ${method} ${path}`);
    }
}

/** sys/mounts and friends answer with the table both at the top level and under `data`. */
function listing(table: Map<string, unknown>): Record<string, unknown> {
    const data = Object.fromEntries(table);
    return { ...data, data };
}

function parseDuration(value: unknown): number | undefined {
    if (value === undefined) return undefined;
    const m = /^(\d+)([smh]?)$/.exec(String(value));
    if (!m) return undefined;
    return Number(m[1]) * ({ s: 1, m: 60, h: 3600, "": 1 } as Record<string, number>)[m[2]];
}
