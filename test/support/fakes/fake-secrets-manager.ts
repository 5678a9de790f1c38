// Secrets Manager's JSON 1.1 API as documented, in memory: ListSecrets (filters, 100-item pages, NextToken),
// CreateSecret, PutSecretValue (ClientRequestToken idempotency), tags, delete with a recovery window, restore.
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/
import { randomUUID } from "crypto";
import { CallCounter, Faults } from "./faults";

export interface FakeSecret {
    name: string;
    arn: string;
    kmsKeyId?: string;
    tags: Record<string, string>;
    /** Versions by ClientRequestToken (the VersionId), in order. */
    versions: { id: string; value: string }[];
    deletedDate?: number;
    recoveryWindowDays?: number;
    /** When the secret last changed in any way (value, tags, deletion), in ms. */
    lastChanged?: number;
}

type Reply = { status: number; body: unknown };
const error = (status: number, type: string, message: string): Reply => ({ status, body: { __type: type, message } });

export class FakeSecretsManager {
    readonly calls = new CallCounter();
    readonly faults = new Faults();
    readonly secrets = new Map<string, FakeSecret>();
    /** Writes allowed per second before ThrottlingException, like the account quota; Infinity to turn off. */
    writesPerSecond = Infinity;
    private windowStart = 0;
    private windowWrites = 0;

    constructor(
        private readonly region = "eu-west-1",
        private readonly account = "123456789012",
    ) {}

    /** Adds a secret directly, as another team or tool would have. */
    seed(name: string, value: string, tags: Record<string, string> = {}): FakeSecret {
        const secret: FakeSecret = { name, arn: this.arnFor(name), tags: { ...tags }, versions: [{ id: randomUUID(), value }] };
        this.secrets.set(name, secret);
        return secret;
    }

    value(name: string): string | undefined {
        const s = this.secrets.get(name);
        return s?.versions[s.versions.length - 1]?.value;
    }

    handle(operation: string, input: any): Reply {
        this.calls.hit(operation);
        const fault = this.faults.take(operation, String(input.Name ?? input.SecretId ?? ""));
        if (fault) return error(fault.status, fault.type ?? "InternalServiceError", "injected");
        const write = ["CreateSecret", "PutSecretValue", "TagResource", "DeleteSecret", "RestoreSecret"].includes(operation);
        if (write && this.overQuota()) {
            this.calls.hit("Throttled");
            return error(400, "ThrottlingException", "Rate exceeded");
        }
        if (write) this.touch(String(input.Name ?? input.SecretId ?? ""));
        switch (operation) {
            case "ListSecrets":
                return this.list(input);
            case "CreateSecret":
                return this.create(input);
            case "PutSecretValue":
                return this.putValue(input);
            case "TagResource":
                return this.withSecret(input.SecretId, (s) => {
                    for (const t of input.Tags ?? []) s.tags[t.Key] = t.Value;
                    return {};
                });
            case "DeleteSecret":
                return this.withSecret(
                    input.SecretId,
                    (s) => {
                        s.deletedDate = Date.now();
                        s.recoveryWindowDays = input.RecoveryWindowInDays;
                        return { ARN: s.arn, Name: s.name, DeletionDate: s.deletedDate / 1000 + 86400 * (input.RecoveryWindowInDays ?? 30) };
                    },
                    true,
                );
            case "RestoreSecret":
                return this.withSecret(
                    input.SecretId,
                    (s) => {
                        delete s.deletedDate;
                        return { ARN: s.arn, Name: s.name };
                    },
                    true,
                );
            case "GetSecretValue":
                return this.withSecret(input.SecretId, (s) => ({ ARN: s.arn, Name: s.name, SecretString: s.versions[s.versions.length - 1].value }));
            case "DescribeSecret":
                return this.withSecret(input.SecretId, (s) => this.describe(s), true);
            default:
                return error(400, "InvalidRequestException", `unsupported operation ${operation}`);
        }
    }

    private list(input: any): Reply {
        const filters: { Key: string; Values: string[] }[] = input.Filters ?? [];
        const matches = [...this.secrets.values()]
            .filter((s) => input.IncludePlannedDeletion || s.deletedDate === undefined)
            // Name filters match prefixes, case-insensitively.
            .filter((s) => filters.every((f) => f.Key !== "name" || f.Values.some((v) => s.name.toLowerCase().startsWith(v.toLowerCase()))))
            .sort((a, b) => a.name.localeCompare(b.name));
        const size = Math.min(input.MaxResults ?? 100, 100);
        const start = input.NextToken ? Number(Buffer.from(input.NextToken, "base64").toString()) : 0;
        const page = matches.slice(start, start + size);
        const next = start + size < matches.length ? Buffer.from(String(start + size)).toString("base64") : undefined;
        return { status: 200, body: { SecretList: page.map((s) => this.describe(s)), ...(next ? { NextToken: next } : {}) } };
    }

    private create(input: any): Reply {
        const existing = this.secrets.get(input.Name);
        if (existing) {
            const same = existing.versions.find((v) => v.id === input.ClientRequestToken);
            if (same && same.value === input.SecretString) return { status: 200, body: { ARN: existing.arn, Name: existing.name, VersionId: same.id } };
            return error(400, "ResourceExistsException", `The operation failed because the secret ${input.Name} already exists.`);
        }
        if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(input.Name ?? "")) return error(400, "ValidationException", "Invalid name");
        const secret: FakeSecret = {
            name: input.Name,
            arn: this.arnFor(input.Name),
            kmsKeyId: input.KmsKeyId,
            tags: {},
            versions: [{ id: input.ClientRequestToken ?? randomUUID(), value: input.SecretString }],
        };
        for (const t of input.Tags ?? []) secret.tags[t.Key] = t.Value;
        this.secrets.set(secret.name, secret);
        return { status: 200, body: { ARN: secret.arn, Name: secret.name, VersionId: secret.versions[0].id } };
    }

    private putValue(input: any): Reply {
        return this.withSecret(input.SecretId, (s) => {
            const same = s.versions.find((v) => v.id === input.ClientRequestToken);
            if (same && same.value !== input.SecretString)
                throw error(400, "ResourceExistsException", "A version with this ClientRequestToken already exists with a different value");
            if (!same) s.versions.push({ id: input.ClientRequestToken ?? randomUUID(), value: input.SecretString });
            return { ARN: s.arn, Name: s.name, VersionId: input.ClientRequestToken };
        });
    }

    private withSecret(id: string, act: (s: FakeSecret) => unknown, allowDeleted = false): Reply {
        const secret = this.secrets.get(id) ?? [...this.secrets.values()].find((s) => s.arn === id);
        if (!secret) return error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        if (secret.deletedDate !== undefined && !allowDeleted)
            return error(400, "InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.");
        try {
            return { status: 200, body: act(secret) };
        } catch (reply) {
            return reply as Reply;
        }
    }

    private describe(s: FakeSecret) {
        return {
            ARN: s.arn,
            Name: s.name,
            KmsKeyId: s.kmsKeyId,
            Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })),
            ...(s.deletedDate !== undefined ? { DeletedDate: s.deletedDate / 1000 } : {}),
            ...(s.lastChanged !== undefined ? { LastChangedDate: s.lastChanged / 1000 } : {}),
        };
    }

    /** Marks a secret changed now (after the write below has run). */
    private touch(id: string): void {
        queueMicrotask(() => {
            const s = this.secrets.get(id) ?? [...this.secrets.values()].find((x) => x.arn === id);
            if (s) s.lastChanged = Date.now();
        });
    }

    private overQuota(): boolean {
        if (this.writesPerSecond === Infinity) return false;
        const now = Date.now();
        if (now - this.windowStart >= 1000) {
            this.windowStart = now;
            this.windowWrites = 0;
        }
        return ++this.windowWrites > this.writesPerSecond;
    }

    private arnFor(name: string): string {
        const suffix = Buffer.from(name)
            .toString("base64")
            .replace(/[^A-Za-z0-9]/g, "")
            .padEnd(6, "x")
            .slice(-6);
        return `arn:aws:secretsmanager:${this.region}:${this.account}:secret:${name}-${suffix}`;
    }
}
