// Secrets Manager's JSON 1.1 API as documented, in memory: ListSecrets (filters, 100-item pages, NextToken),
// CreateSecret, PutSecretValue (ClientRequestToken idempotency), staging labels (AWSCURRENT, AWSPREVIOUS) and
// UpdateSecretVersionStage, DescribeSecret, tags, delete with a recovery window, restore; write quotas per API group.
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/
import { randomUUID } from "crypto";
import { CallCounter, Faults } from "./faults";

export interface FakeSecret {
    name: string;
    arn: string;
    kmsKeyId?: string;
    tags: Record<string, string>;
    /** Versions by ClientRequestToken (the VersionId), in order, with their staging labels. */
    versions: { id: string; value: string; stages: string[] }[];
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
    /** Writes allowed per second in each quota group before ThrottlingException, like the account's; Infinity for none. */
    writesPerSecond = Infinity;
    private readonly windows = new Map<string, { start: number; writes: number }>();
    /** ListSecrets is eventually consistent ("might not reflect changes from the last five minutes"): stages it still shows. */
    readonly listedStages = new Map<string, Record<string, string[]>>();

    constructor(
        private readonly region = "eu-west-1",
        private readonly account = "123456789012",
    ) {}

    /** Adds a secret directly, as another team or tool would have. */
    seed(name: string, value: string, tags: Record<string, string> = {}): FakeSecret {
        const secret: FakeSecret = { name, arn: this.arnFor(name), tags: { ...tags }, versions: [{ id: randomUUID(), value, stages: ["AWSCURRENT"] }] };
        this.secrets.set(name, secret);
        return secret;
    }

    /** The AWSCURRENT value, what every reader of the secret gets. */
    value(name: string): string | undefined {
        const s = this.secrets.get(name);
        return s ? current(s)?.value : undefined;
    }

    /** Someone changes a copy behind Vault's back (PutSecretValue from the console, a script, a rotation). */
    outOfBand(name: string, value: string): void {
        const s = this.secrets.get(name)!;
        addVersion(s, randomUUID(), value);
        s.lastChanged = Date.now();
    }

    handle(operation: string, input: any): Reply {
        this.calls.hit(operation);
        const fault = this.faults.take(operation, String(input.Name ?? input.SecretId ?? ""));
        if (fault) return error(fault.status, fault.type ?? "InternalServiceError", "injected");
        const group = QUOTA_GROUP[operation];
        const write = group !== undefined;
        if (write && this.overQuota(group)) {
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
                return this.withSecret(input.SecretId, (s) => ({ ARN: s.arn, Name: s.name, SecretString: current(s)!.value }));
            case "DescribeSecret":
                return this.withSecret(
                    input.SecretId,
                    (s) => {
                        const { SecretVersionsToStages, ...rest } = this.describe(s);
                        return { ...rest, VersionIdsToStages: SecretVersionsToStages };
                    },
                    true,
                );
            case "UpdateSecretVersionStage":
                return this.withSecret(input.SecretId, (s) => moveStage(s, input));
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
        const listed = (s: FakeSecret) => {
            const stale = this.listedStages.get(s.name);
            return stale ? { ...this.describe(s), SecretVersionsToStages: stale } : this.describe(s);
        };
        return { status: 200, body: { SecretList: page.map(listed), ...(next ? { NextToken: next } : {}) } };
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
            versions: [{ id: input.ClientRequestToken ?? randomUUID(), value: input.SecretString, stages: ["AWSCURRENT"] }],
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
            // An existing version with the same value: "the operation succeeds but does nothing" (stages stay).
            if (!same) addVersion(s, input.ClientRequestToken ?? randomUUID(), input.SecretString);
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
            SecretVersionsToStages: Object.fromEntries(s.versions.filter((v) => v.stages.length > 0).map((v) => [v.id, [...v.stages]])),
        };
    }

    /** Marks a secret changed now (after the write below has run). */
    private touch(id: string): void {
        queueMicrotask(() => {
            const s = this.secrets.get(id) ?? [...this.secrets.values()].find((x) => x.arn === id);
            if (s) s.lastChanged = Date.now();
        });
    }

    private overQuota(group: string): boolean {
        if (this.writesPerSecond === Infinity) return false;
        const now = Date.now();
        let w = this.windows.get(group);
        if (!w || now - w.start >= 1000) this.windows.set(group, (w = { start: now, writes: 0 }));
        return ++w.writes > this.writesPerSecond;
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

/**
 * Secrets Manager's write quotas, one per group of APIs (50 per second each by default).
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
 */
export const QUOTA_GROUP: Record<string, string> = {
    CreateSecret: "create",
    PutSecretValue: "put",
    UpdateSecretVersionStage: "put",
    TagResource: "tag",
    UntagResource: "tag",
    DeleteSecret: "delete",
    RestoreSecret: "restore",
};

function current(s: FakeSecret) {
    return s.versions.find((v) => v.stages.includes("AWSCURRENT"));
}

/** A new version becomes AWSCURRENT; the old current becomes AWSPREVIOUS, and the one before loses it. */
function addVersion(s: FakeSecret, id: string, value: string): void {
    shiftCurrent(s);
    s.versions.push({ id, value, stages: ["AWSCURRENT"] });
}

function shiftCurrent(s: FakeSecret): void {
    for (const v of s.versions) v.stages = v.stages.filter((x) => x !== "AWSPREVIOUS");
    const old = current(s);
    if (old) old.stages = [...old.stages.filter((x) => x !== "AWSCURRENT"), "AWSPREVIOUS"];
}

/** UpdateSecretVersionStage for AWSCURRENT, as documented: the label must be taken from the version that has it. */
function moveStage(s: FakeSecret, input: any): unknown {
    const to = s.versions.find((v) => v.id === input.MoveToVersionId);
    if (input.VersionStage !== "AWSCURRENT") throw error(400, "InvalidParameterException", "only AWSCURRENT is modelled");
    if (!to) throw error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret version.");
    if (current(s)?.id !== input.RemoveFromVersionId)
        throw error(400, "InvalidParameterException", "The staging label AWSCURRENT is currently attached to a different version than RemoveFromVersionId.");
    shiftCurrent(s);
    to.stages = [...to.stages.filter((x) => x !== "AWSPREVIOUS"), "AWSCURRENT"];
    return { ARN: s.arn, Name: s.name };
}
