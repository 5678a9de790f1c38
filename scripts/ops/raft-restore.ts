// The first start of an eks-raft Vault restored from a snapshot (strongroom:restoreFrom s3://…): `vault:init`
// initialises the new cluster (a restore needs an unsealed Vault and a token), downloads the snapshot, and
// force-restores it (POST sys/storage/raft/snapshot-force: the snapshot comes from another cluster). Vault then
// holds the snapshot's data, keyring, recovery keys and root token, and unseals its root key through this stack's
// KMS key, which must be the key that sealed the snapshot or its replica.
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import * as https from "https";

export interface SnapshotSource {
    readonly bucket: string;
    readonly key: string;
}

export function parseSnapshotUrl(url: string): SnapshotSource {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
    if (!m) throw new Error(`restoreFrom ${url} is not an s3://<bucket>/<key> URL`);
    return { bucket: m[1], key: m[2] };
}

/** The snapshot's bytes, read with the operator's AWS credentials from the bucket in `region`. */
export async function downloadSnapshot(url: string, region: string, endpoint?: string): Promise<Buffer> {
    const { bucket, key } = parseSnapshotUrl(url);
    const s3 = new S3Client({ region, ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
    try {
        const reply = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from(await reply.Body!.transformToByteArray());
    } catch (err) {
        const name = (err as Error).name;
        const hint =
            name === "NoSuchKey" || name === "NoSuchBucket"
                ? "check restoreFrom against `aws s3 ls s3://<bucket>/raft/` (in the DR region: the stack output drSnapshotBucket of the primary stack)"
                : "check your AWS credentials may read the bucket and decrypt with its key";
        throw new Error(`could not read the snapshot ${url} in ${region}: ${name}: ${(err as Error).message}; ${hint}`, { cause: err });
    } finally {
        s3.destroy();
    }
}

/** Vault's answer to a GET (sys/health, sys/seal-status; with a token, any path): status and JSON body, or status 0. */
export function vaultGet(address: string, ca: string | undefined, path: string, timeoutMs = 5000, token?: string): Promise<{ status: number; body: any }> {
    return new Promise((resolve) => {
        const headers = token ? { "X-Vault-Token": token } : {};
        const request = https.request(`${address}/v1/${path}`, { method: "GET", timeout: timeoutMs, headers, ...(ca ? { ca } : {}) }, (res) => {
            let text = "";
            res.on("data", (d) => (text += d));
            res.on("end", () => {
                let body: unknown;
                try {
                    body = JSON.parse(text);
                } catch {
                    body = undefined;
                }
                resolve({ status: res.statusCode ?? 0, body });
            });
        });
        request.on("timeout", () => request.destroy(new Error("timeout")));
        request.on("error", () => resolve({ status: 0, body: undefined }));
        request.end();
    });
}

/** Polls until `check` holds or `timeoutMs` passes; true when it held. */
export async function pollUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    for (;;) {
        if (await check()) return true;
        if (Date.now() > until) return false;
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
}

/** POSTs the snapshot to Vault's force-restore endpoint; returns Vault's status, or throws with what it said. */
export function forceRestore(address: string, ca: string | undefined, token: string, snapshot: Buffer, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
        const request = https.request(
            `${address}/v1/sys/storage/raft/snapshot-force`,
            { method: "POST", timeout: timeoutMs, headers: { "X-Vault-Token": token, "content-length": snapshot.length }, ...(ca ? { ca } : {}) },
            (res) => {
                let text = "";
                res.on("data", (d) => (text += d));
                res.on("end", () => {
                    if (res.statusCode === 204 || res.statusCode === 200) return resolve();
                    let said = text;
                    try {
                        said = (JSON.parse(text).errors ?? [text]).join("; ");
                    } catch {
                        /* not JSON: Vault's text as it is */
                    }
                    reject(new Error(`Vault refused the snapshot (HTTP ${res.statusCode}): ${said.trim()}`));
                });
            },
        );
        request.on("timeout", () => request.destroy(new Error(`no answer from Vault within ${timeoutMs / 1000} s while restoring the snapshot`)));
        request.on("error", reject);
        request.end(snapshot);
    });
}

/**
 * Why a restored Vault would not unseal, in words: the snapshot's root key is wrapped by the KMS key of the cluster
 * it came from, and only that key or a replica of it (a multi-Region key) can unwrap it.
 */
export function sealedAfterRestore(url: string, sealed: boolean): string | undefined {
    if (!sealed) return undefined;
    return (
        `Vault sealed itself after restoring ${url}: its KMS key cannot decrypt the snapshot's root key. The snapshot must come ` +
        "from a cluster sealed by this stack's unseal key or by the key this stack's key replicates (strongroom:unsealKeyArn = the " +
        "primary stack's drUnsealKeyArn). A snapshot sealed by an unrelated key can only be restored where that key is."
    );
}
