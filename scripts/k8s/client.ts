// A small Kubernetes API client for the tests and the rehearsal: server-side apply, reads, TokenRequest and
// TokenReview, over HTTPS with a client certificate (the admin) or a bearer token (a service account). Resource
// paths come from the API server's own discovery, so no kind's plural or scope is written here by hand.
import * as https from "https";

export interface Manifest {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: any };
    [field: string]: any;
}

export interface KubeReply {
    readonly status: number;
    readonly body: any;
    /** The API server's Warning headers (Pod Security's warn mode, deprecations). */
    readonly warnings: string[];
}

export interface Credentials {
    readonly ca: string;
    readonly cert?: string;
    readonly key?: string;
    readonly token?: string;
}

interface ApiResource {
    readonly name: string;
    readonly namespaced: boolean;
}

export class KubeClient {
    private readonly discovered = new Map<string, Map<string, ApiResource>>();

    constructor(
        readonly server: string,
        private readonly credentials: Credentials,
    ) {}

    /** The same server, seen as someone else (a service account's token). */
    as(token: string): KubeClient {
        return new KubeClient(this.server, { ca: this.credentials.ca, token });
    }

    request(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<KubeReply> {
        const { ca, cert, key, token } = this.credentials;
        return new Promise((resolve, reject) => {
            const req = https.request(
                `${this.server}${path}`,
                {
                    method,
                    ca,
                    cert,
                    key,
                    timeout: 30_000,
                    headers: { accept: "application/json", "content-type": contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
                },
                (res) => {
                    let text = "";
                    res.on("data", (d) => (text += d));
                    res.on("end", () => {
                        const warning = res.headers.warning;
                        const warnings = (Array.isArray(warning) ? warning : warning ? [warning] : []).map((w) => w.replace(/^299 - "?|"$/g, ""));
                        let parsed: any = text;
                        try {
                            parsed = text ? JSON.parse(text) : undefined;
                        } catch {
                            // Not JSON (healthz says "ok"): keep the text.
                        }
                        resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
                    });
                },
            );
            req.on("timeout", () => req.destroy(new Error(`timeout calling ${method} ${path}`)));
            req.on("error", reject);
            req.end(body === undefined ? undefined : JSON.stringify(body));
        });
    }

    /** The collection path of a kind, e.g. /apis/apps/v1/namespaces/vault/statefulsets, from discovery. */
    async resourcePath(apiVersion: string, kind: string, namespace?: string): Promise<string> {
        const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        let kinds = this.discovered.get(apiVersion);
        if (!kinds) {
            const reply = await this.request("GET", base);
            if (reply.status !== 200) throw new Error(`the API server does not serve ${apiVersion} (HTTP ${reply.status})`);
            kinds = new Map<string, ApiResource>();
            for (const r of reply.body.resources as { name: string; kind: string; namespaced: boolean }[]) {
                if (!r.name.includes("/")) kinds.set(r.kind, { name: r.name, namespaced: r.namespaced });
            }
            this.discovered.set(apiVersion, kinds);
        }
        const resource = kinds.get(kind);
        if (!resource) throw new Error(`the API server serves no ${kind} in ${apiVersion}`);
        return resource.namespaced ? `${base}/namespaces/${namespace ?? "default"}/${resource.name}` : `${base}/${resource.name}`;
    }

    /** Server-side apply, as `pulumi up` with enableServerSideApply (and Helm 4) does; the reply says whether it was accepted. */
    async apply(manifest: Manifest, options: { dryRun?: boolean } = {}): Promise<KubeReply> {
        const collection = await this.resourcePath(manifest.apiVersion, manifest.kind, manifest.metadata.namespace);
        const path = `${collection}/${encodeURIComponent(manifest.metadata.name)}?fieldManager=strongroom&force=true${options.dryRun ? "&dryRun=All" : ""}`;
        return this.request("PATCH", path, manifest, "application/apply-patch+yaml");
    }

    /**
     * Applies each manifest in order; returns what the API server refused (status and its message) and what it warned
     * about (Pod Security's warn mode judges the pod templates of StatefulSets and CronJobs too), one line each.
     */
    async applyAll(manifests: Manifest[], options: { dryRun?: boolean } = {}): Promise<{ refused: string[]; warned: string[] }> {
        const refused: string[] = [];
        const warned: string[] = [];
        for (const m of manifests) {
            const what = `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ""}${m.metadata.name}`;
            const reply = await this.apply(m, options);
            if (reply.status >= 300) refused.push(`${what}: HTTP ${reply.status} ${reply.body?.message ?? JSON.stringify(reply.body)}`);
            warned.push(...reply.warnings.map((w) => `${what}: ${w}`));
        }
        return { refused, warned };
    }

    async get(apiVersion: string, kind: string, name: string, namespace?: string): Promise<KubeReply> {
        return this.request("GET", `${await this.resourcePath(apiVersion, kind, namespace)}/${encodeURIComponent(name)}`);
    }

    async list(apiVersion: string, kind: string, namespace: string, labelSelector?: Record<string, string>): Promise<any[]> {
        const selector = labelSelector
            ? `?labelSelector=${encodeURIComponent(
                  Object.entries(labelSelector)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(","),
              )}`
            : "";
        const reply = await this.request("GET", `${await this.resourcePath(apiVersion, kind, namespace)}${selector}`);
        if (reply.status !== 200) throw new Error(`listing ${kind} in ${namespace}: HTTP ${reply.status} ${reply.body?.message ?? ""}`);
        return reply.body.items;
    }

    /**
     * A service account token from the TokenRequest API, bound to a pod as the kubelet's projected token is: it stops
     * being valid when that pod is deleted.
     */
    async token(
        namespace: string,
        serviceAccount: string,
        pod?: { name: string; uid: string },
        expirationSeconds = 3600,
        audiences?: string[],
    ): Promise<string> {
        const reply = await this.request("POST", `/api/v1/namespaces/${namespace}/serviceaccounts/${serviceAccount}/token`, {
            apiVersion: "authentication.k8s.io/v1",
            kind: "TokenRequest",
            spec: {
                expirationSeconds,
                ...(audiences ? { audiences } : {}),
                ...(pod ? { boundObjectRef: { apiVersion: "v1", kind: "Pod", name: pod.name, uid: pod.uid } } : {}),
            },
        });
        if (reply.status !== 201) throw new Error(`TokenRequest for ${namespace}/${serviceAccount}: HTTP ${reply.status} ${reply.body?.message ?? ""}`);
        return reply.body.status.token;
    }

    /** What the API server says of a token (TokenReview), as Vault's Kubernetes auth asks it. */
    async review(token: string): Promise<{ authenticated: boolean; username?: string }> {
        const reply = await this.request("POST", "/apis/authentication.k8s.io/v1/tokenreviews", {
            apiVersion: "authentication.k8s.io/v1",
            kind: "TokenReview",
            spec: { token },
        });
        if (reply.status !== 201) throw new Error(`TokenReview: HTTP ${reply.status} ${reply.body?.message ?? ""}`);
        return { authenticated: Boolean(reply.body.status.authenticated), username: reply.body.status.user?.username };
    }
}
