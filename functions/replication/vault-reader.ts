// Reads a KV v2 tree with node-vault: folder listings and metadata always, secret data only when asked.
import NodeVault from "node-vault";
import { signedCallerIdentityRequest } from "./aws-iam-login";
import { SyncError } from "./errors";
import { withRetry, RetryOptions, DEFAULT_RETRY } from "./retry";
import { Semaphore } from "./semaphore";
import { VaultEntry } from "./planner";

export interface VaultTree {
    /** Every secret path under the configured path, relative to the mount. */
    readonly paths: string[];
    /** Folders that could not be listed, with why; any at all means the tree is incomplete. */
    readonly unlisted: Map<string, unknown>;
}

export interface VaultReaderOptions {
    readonly address: string;
    readonly caCert?: string;
    readonly mount: string;
    readonly path: string;
    readonly limit: Semaphore;
    readonly retry?: RetryOptions;
}

export class VaultReader {
    private readonly client: NodeVault.client;

    constructor(private readonly options: VaultReaderOptions) {
        this.client = NodeVault({
            endpoint: options.address,
            // GET …?list=1 instead of the LIST verb, which load balancers and proxies may reject.
            noCustomHTTPVerbs: true,
            // One keep-alive agent for the whole run: a TLS handshake per call would cost more than the call.
            requestOptions: { agentOptions: { keepAlive: true, maxSockets: 64, ...(options.caCert ? { ca: options.caCert } : {}) } },
        });
    }

    useToken(token: string): void {
        this.client.token = token;
    }

    /** Renews a periodic token, so a token that is used at least once per period never expires. */
    async renewToken(): Promise<void> {
        await this.call(() => this.client.tokenRenewSelf());
    }

    /** Logs in and uses the token from now on; returns its lifetime in seconds. */
    async loginWithAwsIam(role: string, mount: string, region: string, serverId?: string): Promise<number> {
        const request = await signedCallerIdentityRequest(region, serverId);
        const result = await this.call(() => this.client.awsIamLogin({ mount_point: mount, role, ...request }));
        if (!result?.auth?.client_token) throw new SyncError("vault-login", "Vault AWS IAM login returned no token");
        const lease = Number(result.auth.lease_duration);
        return Number.isFinite(lease) && lease > 0 ? lease : 0;
    }

    /** Lists every secret path under the configured path, folders concurrently. Reads no metadata and no values. */
    async listTree(): Promise<VaultTree> {
        const tree: VaultTree = { paths: [], unlisted: new Map() };
        const visit = async (folder: string): Promise<void> => {
            let keys: string[];
            try {
                keys = await this.list(folder);
            } catch (err) {
                tree.unlisted.set(folder, err);
                return;
            }
            await Promise.all(keys.map((key) => (key.endsWith("/") ? visit(`${folder}${key}`) : void tree.paths.push(`${folder}${key}`))));
        };
        await visit(this.options.path ? `${this.options.path}/` : "");
        tree.paths.sort();
        return tree;
    }

    /**
     * The current version's state and data in one call, for a first sync, where every value must be written anyway.
     * A deleted or destroyed current version answers 404 with its metadata; a key with no version, a plain 404.
     */
    async current(path: string): Promise<{ entry: VaultEntry; data?: Record<string, unknown> }> {
        try {
            const body = await this.call(() => this.client.read(`${this.options.mount}/data/${encode(path)}`));
            const meta = body?.data?.metadata;
            const version = Number(meta?.version);
            if (!Number.isInteger(version) || !body?.data?.data) throw new SyncError("vault-bad-data", `Vault returned no current data for ${path}`);
            const versionCreated = typeof meta.created_time === "string" && meta.created_time ? meta.created_time : undefined;
            return { entry: { path, currentVersion: version, currentDeleted: false, versionCreated }, data: body.data.data };
        } catch (err) {
            const e = err as { response?: { statusCode?: number; body?: any } };
            if (e.response?.statusCode !== 404) throw err;
            const version = Number(e.response.body?.data?.metadata?.version);
            return { entry: { path, currentVersion: Number.isInteger(version) ? version : 0, currentDeleted: true } };
        }
    }

    /** The KV data of one version, as the JSON object Vault stores. */
    async data(path: string, version: number): Promise<Record<string, unknown>> {
        const body = await this.call(() => this.client.read(`${this.options.mount}/data/${encode(path)}?version=${version}`));
        const data = body?.data?.data;
        if (!data || typeof data !== "object") throw new SyncError("vault-no-data", `Vault returned no data for ${path} version ${version}`);
        return data;
    }

    private async list(folder: string): Promise<string[]> {
        try {
            const body = await this.call(() => this.client.list(`${this.options.mount}/metadata/${encode(folder)}`));
            return (body?.data?.keys ?? []) as string[];
        } catch (err) {
            // Vault answers 404 for an empty or missing folder.
            if ((err as { response?: { statusCode?: number } }).response?.statusCode === 404) return [];
            throw err;
        }
    }

    /**
     * A secret's current version, its creation time and whether it is live, from its metadata: never its value.
     * A key with metadata but no version (current_version 0), or one removed since it was listed, has no live version.
     */
    async metadata(path: string): Promise<VaultEntry> {
        let body: any;
        try {
            body = await this.call(() => this.client.read(`${this.options.mount}/metadata/${encode(path)}`));
        } catch (err) {
            if ((err as { response?: { statusCode?: number } }).response?.statusCode === 404) return { path, currentVersion: 0, currentDeleted: true };
            throw err;
        }
        const meta = body?.data;
        const currentVersion = Number(meta?.current_version);
        if (!Number.isInteger(currentVersion) || currentVersion < 0)
            throw new SyncError("vault-bad-metadata", `Vault metadata for ${path} has no current version`);
        if (currentVersion === 0) return { path, currentVersion, currentDeleted: true };
        const version = meta.versions?.[String(currentVersion)] ?? {};
        // deletion_time is "" while live, and may lie in the future when delete_version_after is set.
        const deleted = Boolean(version.deletion_time) && Date.parse(version.deletion_time) <= Date.now();
        const versionCreated = typeof version.created_time === "string" && version.created_time ? version.created_time : undefined;
        return { path, currentVersion, currentDeleted: Boolean(version.destroyed) || deleted, versionCreated };
    }

    private call<T>(request: () => Promise<T>): Promise<T> {
        // The slot is held per attempt, not across backoff sleeps.
        return withRetry(() => this.options.limit.run(request), this.options.retry ?? DEFAULT_RETRY);
    }
}

function encode(path: string): string {
    return path.split("/").map(encodeURIComponent).join("/");
}
