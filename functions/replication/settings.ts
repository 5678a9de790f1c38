// The function's settings, read from exactly the environment variables the infra component sets.
// A missing or malformed value fails the invocation at once, naming the variable.

export interface Settings {
    readonly vaultAddr: string;
    readonly vaultCaCert?: string;
    readonly kvMount: string;
    /** Sub-path under the mount, without slashes at either end; "" for the whole mount. */
    readonly kvPath: string;
    /** `serverId`: the value Vault's `iam_server_id_header_value` expects in the signed login (replay protection). */
    readonly auth: { method: "aws"; role: string; mount: string; serverId?: string } | { method: "token"; connectionSecretId: string };
    /** Present in both auth modes so the function never touches it, even if a Vault path maps onto it. */
    readonly connectionSecretId?: string;
    readonly secretsPrefix: string;
    readonly kmsKeyId: string;
    readonly failureTopicArn: string;
    readonly deleteMode: "off" | "recover";
    readonly recoveryWindowDays: number;
    readonly maxConcurrency: number;
    /** Secrets Manager writes per second, paced; at most the account's write quota (50 by default). */
    readonly writeRate: number;
    readonly dryRun: boolean;
    readonly region: string;
    /** A copy changed outside Vault: make it Vault's again and report it, or only report it. */
    readonly driftMode: "rewrite" | "report";
    /**
     * Where audit events come from, when the event path is on: the one log group the subscription is on, and how its
     * lines are written: `file` (the CloudWatch agent ships each audit line as it is) or `container` (Fluent Bit wraps
     * each line of a pod's output in a JSON record, with the pod's namespace and container).
     */
    readonly audit?: { logGroup: string; format: "file" | "container"; namespace?: string };
    /**
     * The FIFO queue audit events go through: a subscription invocation only checks an event and queues its paths;
     * the queue hands them to one invocation at a time, so bursts never write faster than the pacer allows.
     */
    readonly eventQueueUrl?: string;
}

export class SettingsError extends Error {
    constructor(variable: string, problem: string) {
        super(`${variable} ${problem}`);
        this.name = "SettingsError";
    }
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
    const get = (name: string) => (env[name] ?? "").trim();
    const required = (name: string, hint: string) => {
        const value = get(name);
        if (!value) throw new SettingsError(name, `is not set; ${hint}`);
        return value;
    };
    const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
        const value = get(name) || fallback;
        if (!allowed.includes(value as T)) throw new SettingsError(name, `is "${value}"; use one of ${allowed.join(", ")}`);
        return value as T;
    };
    const int = (name: string, min: number, max: number, fallback: number) => {
        const raw = get(name);
        if (!raw) return fallback;
        const value = Number(raw);
        if (!Number.isInteger(value) || value < min || value > max) throw new SettingsError(name, `is "${raw}"; use a whole number from ${min} to ${max}`);
        return value;
    };

    const vaultAddr = required("VAULT_ADDR", "set it to Vault's https URL").replace(/\/+$/, "");
    if (!/^https:\/\/[^/\s]+/.test(vaultAddr)) throw new SettingsError("VAULT_ADDR", `is "${vaultAddr}"; it must be an https:// URL`);
    const caCert = get("VAULT_CA_CERT");
    if (caCert && !caCert.includes("-----BEGIN CERTIFICATE-----")) throw new SettingsError("VAULT_CA_CERT", "is not a PEM certificate");
    const kvMount = required("VAULT_KV_MOUNT", "set it to the KV v2 mount, e.g. hybrid-aws-secrets").replace(/^\/+|\/+$/g, "");
    const kvPath = get("VAULT_KV_PATH").replace(/^\/+|\/+$/g, "");
    if (kvPath.split("/").some((part) => part === "." || part === "..")) throw new SettingsError("VAULT_KV_PATH", "must not contain . or .. segments");

    const method = oneOf("VAULT_AUTH_METHOD", ["aws", "token"] as const, "aws");
    const connectionSecretId = get("VAULT_CONNECTION_SECRET_ID") || undefined;
    const auth: Settings["auth"] =
        method === "aws"
            ? {
                  method,
                  role: required("VAULT_AWS_ROLE", "set it to the Vault AWS auth role bound to this function's role"),
                  mount: get("VAULT_AWS_AUTH_MOUNT") || "aws",
                  serverId: get("VAULT_AWS_IAM_SERVER_ID") || undefined,
              }
            : { method, connectionSecretId: required("VAULT_CONNECTION_SECRET_ID", "token mode reads the Vault token from this Secrets Manager secret") };

    const secretsPrefix = required("SECRETS_PREFIX", "set it to the Secrets Manager name prefix").replace(/\/+$/, "");
    if (!/^[A-Za-z0-9/_+=.@-]+$/.test(secretsPrefix)) throw new SettingsError("SECRETS_PREFIX", "may hold only letters, digits and /_+=.@-");

    return {
        vaultAddr,
        vaultCaCert: caCert || undefined,
        kvMount,
        kvPath,
        auth,
        connectionSecretId,
        secretsPrefix,
        kmsKeyId: required("SECRETS_KMS_KEY_ID", "set it to the customer-managed key for replicated secrets"),
        failureTopicArn: required("FAILURE_TOPIC_ARN", "set it to the SNS topic for failure reports"),
        deleteMode: oneOf("DELETE_MODE", ["off", "recover"] as const, "off"),
        recoveryWindowDays: int("RECOVERY_WINDOW_DAYS", 7, 30, 30),
        maxConcurrency: int("MAX_CONCURRENCY", 1, 64, 16),
        writeRate: int("WRITE_RATE", 1, 10_000, 50),
        dryRun: oneOf("DRY_RUN", ["true", "false"] as const, "false") === "true",
        region: required("AWS_REGION", "the Lambda runtime sets it; set it when running by hand"),
        driftMode: oneOf("DRIFT_MODE", ["rewrite", "report"] as const, "rewrite"),
        audit: auditSource(get),
        eventQueueUrl: queueUrl(get("EVENT_QUEUE_URL")),
    };
}

function queueUrl(url: string): string | undefined {
    if (!url) return undefined;
    if (!/^https?:\/\/[^\s]+\.fifo$/.test(url)) throw new SettingsError("EVENT_QUEUE_URL", `is "${url}"; it must be the URL of a FIFO queue (ending .fifo)`);
    return url;
}

function auditSource(get: (name: string) => string): Settings["audit"] {
    const logGroup = get("AUDIT_LOG_GROUP");
    if (!logGroup) return undefined;
    if (!/^[\w./#-]{1,512}$/.test(logGroup)) throw new SettingsError("AUDIT_LOG_GROUP", `is "${logGroup}"; it must be a CloudWatch log group name`);
    const format = get("AUDIT_FORMAT");
    if (format !== "file" && format !== "container") throw new SettingsError("AUDIT_FORMAT", `is "${format}"; use file (EC2) or container (EKS)`);
    const namespace = get("AUDIT_NAMESPACE");
    if (format === "container" && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace))
        throw new SettingsError("AUDIT_NAMESPACE", `is "${namespace}"; set it to the Kubernetes namespace Vault runs in`);
    return { logGroup, format, ...(format === "container" ? { namespace } : {}) };
}
