// One HTTPS call with what the probe needs from it: status, JSON body, and the certificate the server presented.
import * as https from "https";
import * as tls from "tls";

export interface Answer {
    readonly status: number;
    readonly body: any;
    /** notAfter of the leaf certificate the server presented. */
    readonly certificateExpires?: Date;
}

export interface CallOptions {
    readonly method?: string;
    readonly token?: string;
    /** A Kubernetes API bearer token. */
    readonly bearer?: string;
    readonly body?: unknown;
    readonly ca?: string;
    /** The name the certificate must carry when it differs from the URL's host (a pod reached by its IP). */
    readonly servername?: string;
    /** Accept any certificate: only for token-free reads of a node whose certificate is its own (ec2). */
    readonly insecure?: boolean;
    readonly timeoutMs: number;
}

export function call(url: string, o: CallOptions): Promise<Answer> {
    return new Promise((resolve, reject) => {
        if (o.insecure && (o.token || o.bearer)) return reject(new Error("refusing to send a token without verifying the server"));
        const request = https.request(
            url,
            {
                method: o.method ?? "GET",
                timeout: o.timeoutMs,
                agent: false,
                headers: {
                    ...(o.token ? { "X-Vault-Token": o.token } : {}),
                    ...(o.bearer ? { authorization: `Bearer ${o.bearer}` } : {}),
                    ...(o.body ? { "content-type": "application/json" } : {}),
                },
                ...(o.ca ? { ca: o.ca } : {}),
                ...(o.servername
                    ? {
                          servername: o.servername,
                          checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(o.servername!, cert),
                      }
                    : {}),
                rejectUnauthorized: !o.insecure,
            },
            (res) => {
                const cert = (res.socket as tls.TLSSocket).getPeerCertificate?.();
                let text = "";
                res.on("data", (d) => (text += d));
                res.on("end", () => {
                    let body: unknown;
                    try {
                        body = text ? JSON.parse(text) : undefined;
                    } catch {
                        body = undefined;
                    }
                    resolve({ status: res.statusCode ?? 0, body, certificateExpires: cert?.valid_to ? new Date(cert.valid_to) : undefined });
                });
            },
        );
        request.on("timeout", () => request.destroy(new Error("timeout")));
        request.on("error", reject);
        request.end(o.body === undefined ? undefined : JSON.stringify(o.body));
    });
}
