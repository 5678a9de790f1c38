// Minimal HTTPS calls to a real Vault node for the rehearsal's own checks (the scripts and the function use their
// own clients): verifies the node's certificate against the rehearsal CA.
import * as https from "https";

export interface VaultReply {
    readonly status: number;
    readonly body: any;
}

export function vaultRequest(address: string, ca: string, method: string, path: string, token?: string, body?: unknown): Promise<VaultReply> {
    return new Promise((resolve, reject) => {
        const request = https.request(
            `${address}/v1/${path}`,
            { method, ca, timeout: 5000, headers: { ...(token ? { "X-Vault-Token": token } : {}), "content-type": "application/json" } },
            (res) => {
                let text = "";
                res.on("data", (d) => (text += d));
                res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
            },
        );
        request.on("timeout", () => request.destroy(new Error("timeout")));
        request.on("error", reject);
        request.end(body === undefined ? undefined : JSON.stringify(body));
    });
}

/** A request whose body and answer are bytes (Raft snapshots). */
export function vaultRaw(address: string, ca: string, method: string, path: string, token: string, body?: Buffer): Promise<{ status: number; data: Buffer }> {
    return new Promise((resolve, reject) => {
        const request = https.request(`${address}/v1/${path}`, { method, ca, timeout: 30_000, headers: { "X-Vault-Token": token } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (d: Buffer) => chunks.push(d));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, data: Buffer.concat(chunks) }));
        });
        request.on("timeout", () => request.destroy(new Error("timeout")));
        request.on("error", reject);
        request.end(body);
    });
}
