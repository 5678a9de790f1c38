// Secrets Manager, as this function uses it: list under the prefix or describe one secret (tags and version stages,
// never values), write, tag, move a version stage, delete, restore.
import * as https from "https";
import {
    CreateSecretCommand,
    DeleteSecretCommand,
    DescribeSecretCommand,
    GetSecretValueCommand,
    ListSecretsCommand,
    PutSecretValueCommand,
    RestoreSecretCommand,
    SecretsManagerClient,
    SecretListEntry,
    TagResourceCommand,
    UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { SyncError } from "./errors";
import { StoredSecret } from "./planner";
import { QuotaPacer, WriteQuota } from "./rate-limiter";
import { Semaphore } from "./semaphore";

/** One keep-alive agent for every AWS client of a run. */
export function awsRequestHandler(): NodeHttpHandler {
    return new NodeHttpHandler({ httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 64 }) });
}

export class SecretsStore {
    readonly client: SecretsManagerClient;

    /** `writes` paces every write (create, put, tag, delete, restore, stage move) to the configured rate per quota. */
    constructor(
        region: string,
        private readonly limit: Semaphore,
        private readonly writes: QuotaPacer = new QuotaPacer(Infinity),
    ) {
        // The pacer keeps writes under the quota; a throttled call (another writer in the account, a late arrival) is
        // retried with backoff. Not "adaptive": its client-side limiter slows every later call after one throttle,
        // which stretched a 1,000-path burst from 1.2x to 1.8x the quota floor in `npm run bench`.
        this.client = new SecretsManagerClient({ region, retryMode: "standard", maxAttempts: 10, requestHandler: awsRequestHandler() });
    }

    /** Every secret whose name starts with `prefix/`, including those pending deletion, following NextToken to the end. */
    async listUnder(prefix: string): Promise<StoredSecret[]> {
        return (await this.list([`${prefix}/`])).filter((s) => s.name.startsWith(`${prefix}/`));
    }

    /**
     * One secret by its exact name, as it is now (ListSecrets may lag by minutes, DescribeSecret does not), or
     * undefined when there is none. Tags and version stages only, never the value.
     */
    async describe(name: string): Promise<StoredSecret | undefined> {
        try {
            const s = await this.limit.run(() => this.client.send(new DescribeSecretCommand({ SecretId: name })));
            return s.Name === name && s.ARN ? storedSecret({ ...s, SecretVersionsToStages: s.VersionIdsToStages }) : undefined;
        } catch (err) {
            if ((err as { name?: string }).name === "ResourceNotFoundException") return undefined;
            throw err;
        }
    }

    /** ListSecrets filtered by name prefixes (case-sensitive prefix match), following NextToken to the end. */
    private async list(namePrefixes: string[]): Promise<StoredSecret[]> {
        const secrets: StoredSecret[] = [];
        let nextToken: string | undefined;
        do {
            const page = await this.limit.run(() =>
                this.client.send(
                    new ListSecretsCommand({
                        Filters: [{ Key: "name", Values: namePrefixes }],
                        IncludePlannedDeletion: true,
                        MaxResults: 100,
                        NextToken: nextToken,
                    }),
                ),
            );
            for (const s of page.SecretList ?? []) {
                // Callers keep the names they asked for only.
                if (s.Name && s.ARN) secrets.push(storedSecret(s));
            }
            nextToken = page.NextToken;
        } while (nextToken);
        return secrets;
    }

    async create(name: string, value: string, kmsKeyId: string, tags: Record<string, string>, token: string): Promise<void> {
        await this.paced("create", () =>
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
        await this.paced("put", () => this.client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: value, ClientRequestToken: token })));
    }

    async tag(arn: string, tags: Record<string, string>): Promise<void> {
        await this.paced("tag", () =>
            this.client.send(new TagResourceCommand({ SecretId: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) })),
        );
    }

    async remove(arn: string, recoveryWindowDays: number): Promise<void> {
        await this.paced("delete", () => this.client.send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: recoveryWindowDays })));
    }

    async restore(arn: string): Promise<void> {
        await this.paced("restore", () => this.client.send(new RestoreSecretCommand({ SecretId: arn })));
    }

    /**
     * Makes `to` the current version again, taking AWSCURRENT from `from` (AWSPREVIOUS follows by itself). Versions
     * cannot change, so `to`, written by this function from Vault, still holds Vault's value: no value is read.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html
     */
    async makeCurrent(arn: string, to: string, from: string): Promise<void> {
        await this.paced("put", () =>
            this.client.send(
                new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: "AWSCURRENT", MoveToVersionId: to, RemoveFromVersionId: from }),
            ),
        );
    }

    /**
     * A write: a connection slot first, then its pace slot, then at once the call. In the other order a write that
     * got its pace slot could wait for a connection, and several would then go out together, over the quota.
     */
    private paced<T>(group: WriteQuota, call: () => Promise<T>): Promise<T> {
        return this.limit.run(async () => {
            await this.writes.take(group);
            return call();
        });
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

function storedSecret(s: SecretListEntry): StoredSecret {
    const tags = Object.fromEntries((s.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    const lastChanged = s.LastChangedDate ? new Date(s.LastChangedDate).getTime() : undefined;
    const stages = s.SecretVersionsToStages;
    const versions = stages ? { current: Object.keys(stages).find((id) => stages[id]?.includes("AWSCURRENT")), labelled: Object.keys(stages) } : undefined;
    return { name: s.Name!, arn: s.ARN!, tags, pendingDeletion: s.DeletedDate !== undefined, lastChanged, versions };
}
