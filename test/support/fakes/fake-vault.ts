// A Vault server on loopback that speaks the parts of Vault's HTTP API Strongroom uses, as documented: KV v2
// (metadata, data, ?list=true), token and AWS IAM login, ACL policies, sealed 503, and the system endpoints of
// fake-vault-sys.ts. HTTPS with a test CA. https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2
import * as https from "https";
import { AddressInfo } from "net";
import { testCa } from "../test-ca";
import { Capability, FakeAcl } from "./fake-acl";
import { FakeVaultSys } from "./fake-vault-sys";
import { CallCounter, Faults } from "./faults";

interface Version {
    data: Record<string, unknown>;
    created_time: string;
    deletion_time: string;
    destroyed: boolean;
}

export interface FakeVaultOptions {
    /** Verifies an AWS IAM login (the signed GetCallerIdentity) and returns the caller's role ARN. */
    readonly verifyIamLogin?: (request: { url: string; body: string; headers: Record<string, string[]> }) => Promise<string | undefined>;
    /** Start uninitialised, as a fresh deployment is. Default: initialised. */
    readonly uninitialised?: boolean;
}

export class FakeVault {
    readonly calls = new CallCounter();
    readonly faults = new Faults();
    readonly acl = new FakeAcl();
    readonly sys = new FakeVaultSys(this.acl);
    sealed = false;
    /** Every request path seen, for tests that check what was (not) asked. */
    readonly requests: string[] = [];
    private readonly kv = new Map<string, Map<string, { versions: Version[]; created_time: string }>>();
    private lastTime = 0;
    private server?: https.Server;

    constructor(private readonly options: FakeVaultOptions = {}) {
        if (options.uninitialised) this.sys.initialized = false;
    }

    get address(): string {
        return `https://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    }

    async start(): Promise<this> {
        const { cert, key } = testCa();
        this.server = https.createServer({ cert, key }, (req, res) => void this.handle(req, res));
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        return this;
    }

    async stop(): Promise<void> {
        this.server?.closeAllConnections();
        await new Promise((resolve) => this.server?.close(resolve));
    }

    /** A token with these policies ("root" for everything). */
    token(policies: string[]): string {
        return this.sys.newToken(policies);
    }

    /** Writes a new version of a secret, as `vault kv put` does; enables the mount as KV v2 if needed. */
    put(mount: string, path: string, data: Record<string, unknown>): number {
        const secret = this.metadataPut(mount, path);
        secret.versions.push({ data, created_time: this.now(), deletion_time: "", destroyed: false });
        return secret.versions.length;
    }

    /** The current version number of a path; 0 when it has none. */
    version(mount: string, path: string): number {
        return this.kv.get(mount)?.get(path)?.versions.length ?? 0;
    }

    /** Creates the key's metadata with no version, as `vault kv metadata put` does on a new path (current_version 0). */
    metadataPut(mount: string, path: string): { versions: Version[] } {
        if (!this.sys.mounts.has(`${mount}/`)) this.sys.mounts.set(`${mount}/`, { type: "kv", options: { version: "2" } });
        const secrets = this.kv.get(mount) ?? new Map();
        this.kv.set(mount, secrets);
        const secret = secrets.get(path) ?? { versions: [], created_time: this.now() };
        secrets.set(path, secret);
        return secret;
    }

    /** Vault's RFC 3339 times with nanoseconds; strictly increasing, as two writes never share one. */
    private now(): string {
        this.lastTime = Math.max(Date.now(), this.lastTime + 1);
        return new Date(this.lastTime).toISOString().replace("Z", "123456Z");
    }

    /** Soft-deletes the current version (`vault kv delete`). */
    softDelete(mount: string, path: string): void {
        this.current(mount, path).deletion_time = new Date(Date.now() - 1000).toISOString();
    }

    /** Destroys the current version (`vault kv destroy`). */
    destroy(mount: string, path: string): void {
        const v = this.current(mount, path);
        v.destroyed = true;
        v.data = {};
    }

    /** Removes the secret and all its versions (`vault kv metadata delete`). */
    remove(mount: string, path: string): void {
        this.kv.get(mount)?.delete(path);
    }

    private current(mount: string, path: string): Version {
        const versions = this.kv.get(mount)!.get(path)!.versions;
        return versions[versions.length - 1];
    }

    private async handle(req: import("http").IncomingMessage, res: import("http").ServerResponse): Promise<void> {
        let raw = "";
        for await (const chunk of req) raw += chunk;
        await this.faults.delay();
        const url = new URL(req.url ?? "/", "https://vault");
        const method = req.method ?? "GET";
        this.requests.push(`${method} ${url.pathname}${url.search}`);
        const send = (status: number, payload?: unknown) => {
            res.writeHead(status, payload === undefined ? {} : { "content-type": "application/json" });
            res.end(payload === undefined ? undefined : JSON.stringify(payload));
        };
        const body = raw ? JSON.parse(raw) : {};
        const path = decodeURIComponent(url.pathname.replace(/^\/v1\//, ""));
        const token = req.headers["x-vault-token"] as string | undefined;

        const open = this.sys.public(method, path, body);
        if (open) return send(open.status, open.body);
        if (this.sealed || !this.sys.initialized) return send(503, { errors: ["Vault is sealed"] });
        const login = /^auth\/([^/]+)\/login$/.exec(path);
        if (login && method === "POST") return this.login(login[1], body, send);

        const kv = /^([^/]+)\/(metadata|data)\/?(.*)$/.exec(path);
        const listing = kv?.[2] === "metadata" && ["true", "1"].includes(url.searchParams.get("list") ?? "");
        const op = kv ? (listing ? "list" : kv[2]) : "sys";
        this.calls.hit(op);
        const fault = this.faults.take(op, path);
        if (fault) return send(fault.status, { errors: [`injected ${fault.status}`] });

        const capability: Capability = listing ? "list" : method === "GET" ? "read" : method === "DELETE" ? "delete" : "update";
        if (!this.acl.allows(token, path, capability)) return send(403, { errors: ["1 error occurred:\n\t* permission denied\n\n"] });
        if (!kv || !this.sys.mounts.has(`${kv[1]}/`)) {
            const reply = this.sys.handle(method, path, body, token);
            return send(reply.status, reply.body);
        }
        if (method !== "GET") return send(405, { errors: ["unsupported in this fake"] });
        const [, mount, kind, sub] = kv;
        const secrets = this.kv.get(mount) ?? new Map<string, { versions: Version[]; created_time: string }>();
        if (listing) {
            const folder = sub.replace(/\/?$/, sub ? "/" : "");
            const keys = new Set<string>();
            for (const p of secrets.keys()) {
                if (!p.startsWith(folder)) continue;
                const rest = p.slice(folder.length);
                keys.add(rest.includes("/") ? rest.slice(0, rest.indexOf("/") + 1) : rest);
            }
            return keys.size ? send(200, { data: { keys: [...keys].sort() } }) : send(404, { errors: [] });
        }
        const secret = secrets.get(sub);
        if (!secret) return send(404, { errors: [] });
        if (kind === "metadata") {
            const versions = Object.fromEntries(
                secret.versions.map((v, i) => [String(i + 1), { created_time: v.created_time, deletion_time: v.deletion_time, destroyed: v.destroyed }]),
            );
            const updated = secret.versions[secret.versions.length - 1]?.created_time ?? secret.created_time;
            return send(200, {
                data: {
                    created_time: secret.created_time,
                    updated_time: updated,
                    current_version: secret.versions.length,
                    oldest_version: secret.versions.length ? 1 : 0,
                    versions,
                },
            });
        }
        // A key with metadata but no version answers a data read with a plain 404, no metadata.
        if (secret.versions.length === 0) return send(404, { errors: [] });
        const n = Number(url.searchParams.get("version") ?? secret.versions.length);
        const version = secret.versions[n - 1];
        if (!version || version.destroyed || version.deletion_time) return send(404, { data: { data: null, metadata: { version: n } } });
        return send(200, { data: { data: version.data, metadata: { version: n, created_time: version.created_time } } });
    }

    private async login(mount: string, body: Record<string, string>, send: (status: number, payload: unknown) => void): Promise<void> {
        this.calls.hit("login");
        const role = this.sys.roles.get(`auth/${mount}/role/${body.role}`);
        if (!role || role.auth_type !== "iam" || !this.options.verifyIamLogin) return send(400, { errors: ["invalid role or auth mount"] });
        const decode = (s: string) => Buffer.from(s ?? "", "base64").toString();
        const headers: Record<string, string[]> = JSON.parse(decode(body.iam_request_headers) || "{}");
        // Vault's iam_server_id_header_value: the header must be present, equal, and among the signed headers.
        const serverId = this.sys.configs.get(`auth/${mount}/config/client`)?.iam_server_id_header_value;
        if (serverId) {
            const given = Object.entries(headers).find(([k]) => k.toLowerCase() === "x-vault-aws-iam-server-id")?.[1]?.[0];
            const signed = Object.entries(headers).find(([k]) => k.toLowerCase() === "authorization")?.[1]?.[0] ?? "";
            if (given !== serverId || !/SignedHeaders=[^,]*x-vault-aws-iam-server-id/.test(signed)) {
                return send(400, { errors: ["error validating X-Vault-AWS-IAM-Server-ID header"] });
            }
        }
        const caller = await this.options.verifyIamLogin({ url: decode(body.iam_request_url), body: decode(body.iam_request_body), headers });
        const bound = ([] as string[]).concat(role.bound_iam_principal_arn as string[]);
        if (!caller || !bound.includes(caller)) return send(403, { errors: ["entry for role not found / IAM principal does not match"] });
        const policies = ([] as string[]).concat((role.token_policies ?? role.policies ?? []) as string[]);
        return send(200, { auth: { client_token: this.sys.newToken(policies), policies, lease_duration: 900, renewable: true } });
    }
}
