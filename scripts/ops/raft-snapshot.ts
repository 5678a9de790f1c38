// Takes a Raft snapshot through Vault's API (bytes, which node-vault's JSON client cannot carry), verifying Vault's
// certificate with the stack's CA.
import * as https from "https";

export function raftSnapshot(address: string, token: string, ca: string | undefined, timeoutMs: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const request = https.request(
            `${address.replace(/\/+$/, "")}/v1/sys/storage/raft/snapshot`,
            { method: "GET", timeout: timeoutMs, headers: { "X-Vault-Token": token }, ...(ca ? { ca } : {}) },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (d: Buffer) => chunks.push(d));
                res.on("end", () =>
                    res.statusCode === 200
                        ? resolve(Buffer.concat(chunks))
                        : reject(Object.assign(new Error(`snapshot answered HTTP ${res.statusCode}`), { response: { statusCode: res.statusCode } })),
                );
            },
        );
        request.on("timeout", () => request.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
        request.on("error", reject);
        request.end();
    });
}
