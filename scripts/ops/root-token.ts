// Break-glass: a new root token from the recovery keys (with a KMS seal, generate-root takes recovery key shares,
// not unseal keys). sys/generate-root/* is unauthenticated and audited; HashiCorp Vault has no listener setting
// that turns it off (OpenBao's disable_unauthed_generate_root_endpoints has no Vault counterpart).
// https://developer.hashicorp.com/vault/api-docs/system/generate-root
import NodeVault from "node-vault";

export interface AttemptStatus {
    readonly started: boolean;
    readonly nonce: string;
    readonly progress: number;
    readonly required: number;
}

/** Vault's encoding: base64 (unpadded) of the token XOR the one-time password (sdk/helper/roottoken DecodeToken). */
export function decodeRootToken(encoded: string, otp: string): string {
    const bytes = Buffer.from(encoded.replace(/=+$/, ""), "base64");
    if (bytes.length !== otp.length)
        throw new Error(`the encoded token has ${bytes.length} bytes but the one-time password ${otp.length}; they come from different attempts`);
    return Buffer.from(bytes.map((b, i) => b ^ otp.charCodeAt(i))).toString("utf8");
}

export async function attemptStatus(vault: NodeVault.client): Promise<AttemptStatus> {
    const s = await vault.read("sys/generate-root/attempt");
    return { started: s.started === true, nonce: String(s.nonce ?? ""), progress: Number(s.progress ?? 0), required: Number(s.required ?? 0) };
}

export class AttemptInProgress extends Error {}

/**
 * Starts an attempt, submits shares (each read when needed) until Vault has its threshold, and returns the decoded
 * token. The one-time password never leaves this process; a share is sent once and not kept.
 */
export async function generateRoot(vault: NodeVault.client, nextShare: (progress: number, required: number) => Promise<string | undefined>): Promise<string> {
    const before = await attemptStatus(vault);
    if (before.started) {
        throw new AttemptInProgress(
            `a root-token attempt is already in progress (${before.progress} of ${before.required} shares, nonce ${before.nonce}); only whoever started it can decode its token: cancel it with --cancel and start again`,
        );
    }
    const started = await vault.write("sys/generate-root/attempt", {});
    const otp: string = started.otp;
    if (!otp) throw new Error("Vault returned no one-time password for the attempt; it is older than 1.10, which this script does not support");
    const nonce: string = started.nonce;
    let progress = Number(started.progress ?? 0);
    const required = Number(started.required);
    for (;;) {
        const share = (await nextShare(progress, required))?.trim();
        if (!share) {
            await vault.delete("sys/generate-root/attempt").catch(() => undefined);
            throw new Error(`only ${progress} of ${required} recovery key shares were given; the attempt was cancelled`);
        }
        const reply = await vault.write("sys/generate-root/update", { key: share, nonce });
        progress = Number(reply.progress ?? progress + 1);
        if (reply.complete) return decodeRootToken(String(reply.encoded_token ?? reply.encoded_root_token), otp);
    }
}
