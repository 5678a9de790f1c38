// The run's clients, kept for the life of the Lambda execution environment: the keep-alive connections, the write
// pacers (a warm invocation right after another keeps pacing where that one left off) and, in aws mode, the Vault
// token. Audit events can arrive every second; a login per event would make a Vault token per event.
import { errorKind } from "./errors";
import { Logger } from "./log";
import { RetryOptions } from "./retry";
import { SecretsStore } from "./secrets-store";
import { QuotaPacer } from "./rate-limiter";
import { Semaphore } from "./semaphore";
import { Settings } from "./settings";
import { VaultReader } from "./vault-reader";

export interface Connection {
    readonly store: SecretsStore;
    readonly vault: VaultReader;
}

interface Kept extends Connection {
    /** When the Vault login stops being reused (ms); 0 for none. */
    tokenUntil: number;
}

/** A token is reused for at most half its lifetime and never longer than this, so a revoked one is not kept long. */
export const MAX_TOKEN_REUSE_MS = 5 * 60_000;

const kept = new Map<string, Kept>();

export async function connect(settings: Settings, deps: { log: Logger; retry?: RetryOptions }): Promise<Connection> {
    const key = JSON.stringify([settings, deps.retry ?? null]);
    let c = kept.get(key);
    if (!c) {
        // MAX_CONCURRENCY bounds the calls in flight to each backend, so a slow Vault never starves AWS writes.
        const store = new SecretsStore(settings.region, new Semaphore(settings.maxConcurrency), new QuotaPacer(settings.writeRate));
        const vault = new VaultReader({
            address: settings.vaultAddr,
            caCert: settings.vaultCaCert,
            mount: settings.kvMount,
            path: settings.kvPath,
            limit: new Semaphore(settings.maxConcurrency),
            retry: deps.retry,
        });
        kept.set(key, (c = { store, vault, tokenUntil: 0 }));
    }
    if (settings.auth.method === "token") {
        // The operator may rotate the token in the connection secret at any time: read it every run.
        c.vault.useToken(await c.store.connectionToken(settings.auth.connectionSecretId));
        await c.vault.renewToken().catch((err) => deps.log.error("token-renew-failed", { kind: errorKind(err) }));
    } else if (Date.now() >= c.tokenUntil) {
        const lease = await c.vault.loginWithAwsIam(settings.auth.role, settings.auth.mount, settings.region, settings.auth.serverId);
        c.tokenUntil = Date.now() + Math.min((lease * 1000) / 2, MAX_TOKEN_REUSE_MS);
    }
    return c;
}

/** After a failed run: the next one starts from a fresh login (the token may have been revoked). */
export function forgetConnection(settings: Settings, retry?: RetryOptions): void {
    const c = kept.get(JSON.stringify([settings, retry ?? null]));
    if (c) c.tokenUntil = 0;
}

/**
 * Drops every kept connection: a new execution environment. Tests start one per world, whose fakes listen on fresh
 * ports; the SDK clients read AWS_ENDPOINT_URL when built, so a connection kept from an earlier world whose Vault
 * port happened to be reused would talk to that world's stopped AWS fake.
 */
export function forgetAllConnections(): void {
    kept.clear();
}
