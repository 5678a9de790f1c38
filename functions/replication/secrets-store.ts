// Secrets Manager, as this function uses it: list under the prefix (metadata and tags only), write, tag, delete.
import * as https from "https";
import {
    CreateSecretCommand,
    DeleteSecretCommand,
    GetSecretValueCommand,
    ListSecretsCommand,
    PutSecretValueCommand,
    RestoreSecretCommand,
    SecretsManagerClient,
    TagResourceCommand,
} from "@aws-sdk/client-secrets-manager";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { createHash } from "crypto";
import { SyncError } from "./errors";
import { StoredSecret } from "./planner";
import { RateLimiter } from "./rate-limiter";
import { Semaphore } from "./semaphore";

/** One keep-alive agent for every AWS client of a run. */
export function awsRequestHandler(): NodeHttpHandler {
    return new NodeHttpHandler({ httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 64 }) });
}

/**
 * The same Vault version (path, number, creation time) always gives the same token, so a write retried after a
 * half-finished run makes no second version (Secrets Manager treats a repeated ClientRequestToken with the same value
 * as a no-op), and a path re-created in Vault (its numbers start again at 1) never reuses an old version's token.
 */
export function requestToken(path: string, version: number, versionCreated = ""): string {
    return createHash("sha256").update(`${path}\u0000${version}\u0000${versionCreated}`).digest("hex");
}

export class SecretsStore {
    readonly client: SecretsManagerClient;

    /** `writes` paces every write (create, put, tag, delete, restore) to the configured rate. */
    constructor(
        region: string,
        private readonly limit: Semaphore,
        private readonly writes: RateLimiter = new RateLimiter(Infinity),
    ) {
        // Adaptive retries slow every caller down when Secrets Manager throttles, instead of failing.
        this.client = new SecretsManagerClient({ region, retryMode: "adaptive", maxAttempts: 10, requestHandler: awsRequestHandler() });
    }

    /** Every secret whose name starts with `prefix/`, including those pending deletion, following NextToken to the end. */
    async listUnder(prefix: string): Promise<StoredSecret[]> {
        const secrets: StoredSecret[] = [];
        let nextToken: string | undefined;
        do {
            const page = await this.limit.run(() =>
                this.client.send(
                    new ListSecretsCommand({
                        Filters: [{ Key: "name", Values: [`${prefix}/`] }],
                        IncludePlannedDeletion: true,
                        MaxResults: 100,
                        NextToken: nextToken,
                    }),
                ),
            );
            for (const s of page.SecretList ?? []) {
                // The name filter matches prefixes case-insensitively; keep exact matches only.
                if (!s.Name?.startsWith(`${prefix}/`) || !s.ARN) continue;
                const tags = Object.fromEntries((s.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
                const lastChanged = s.LastChangedDate ? new Date(s.LastChangedDate).getTime() : undefined;
                secrets.push({ name: s.Name, arn: s.ARN, tags, pendingDeletion: s.DeletedDate !== undefined, lastChanged });
            }
            nextToken = page.NextToken;
        } while (nextToken);
        return secrets;
    }

    async create(name: string, value: string, kmsKeyId: string, tags: Record<string, string>, token: string): Promise<void> {
        await this.writes.take();
        await this.limit.run(() =>
            this.client.send(
                new CreateSecretCommand({
                    Name: name,
                    SecretString: value,
                    KmsKeyId: kmsKeyId,
                    ClientRequestToken: token,
                    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
                    Description: "Replicated from Vault by Strongroom; changes here are overwritten",
                }),
            ),
        );
    }

    async put(arn: string, value: string, token: string): Promise<void> {
        await this.writes.take();
        await this.limit.run(() => this.client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: value, ClientRequestToken: token })));
    }

    async tag(arn: string, tags: Record<string, string>): Promise<void> {
        await this.writes.take();
        await this.limit.run(() =>
            this.client.send(new TagResourceCommand({ SecretId: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) })),
        );
    }

    async remove(arn: string, recoveryWindowDays: number): Promise<void> {
        await this.writes.take();
        await this.limit.run(() => this.client.send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: recoveryWindowDays })));
    }

    async restore(arn: string): Promise<void> {
        await this.writes.take();
        await this.limit.run(() => this.client.send(new RestoreSecretCommand({ SecretId: arn })));
    }

    /** The Vault token in the connection secret (`{"token": "…"}`), for token mode. */
    async connectionToken(secretId: string): Promise<string> {
        const result = await this.limit.run(() => this.client.send(new GetSecretValueCommand({ SecretId: secretId })));
        let token: unknown;
        try {
            token = JSON.parse(result.SecretString ?? "").token;
        } catch {
            token = undefined;
        }
        if (typeof token !== "string" || token.length === 0) {
            throw new SyncError("connection-secret", 'the connection secret is not JSON with a non-empty "token" field');
        }
        return token;
    }
}
