// Vault's AWS IAM auth: sign an sts:GetCallerIdentity request with the function's own credentials and hand it to
// Vault, which replays it to STS to learn who we are. No long-lived token exists anywhere.
// https://developer.hashicorp.com/vault/docs/auth/aws#iam-auth-method

/** The X-Vault-AWS-IAM-Server-ID both sides agree on: the host of the address the function reaches Vault at. */
export function iamServerId(vaultAddress: string): string {
    return new URL(vaultAddress).hostname;
}

const BODY = "Action=GetCallerIdentity&Version=2011-06-15";

export interface IamLoginRequest {
    readonly iam_http_request_method: "POST";
    readonly iam_request_url: string;
    readonly iam_request_body: string;
    readonly iam_request_headers: string;
}

/**
 * The base64 fields of `POST auth/<mount>/login`. STS endpoint: AWS_ENDPOINT_URL_STS, else the regional one.
 * `serverId` goes into the signed X-Vault-AWS-IAM-Server-ID header, so a login request captured by anyone else is
 * good for this Vault only (Vault's `iam_server_id_header_value`).
 */
export async function signedCallerIdentityRequest(region: string, serverId?: string, env: NodeJS.ProcessEnv = process.env): Promise<IamLoginRequest> {
    // Loaded on first use: only the aws auth method needs the signer and the credential chain.
    const [{ defaultProvider }, { Hash }, { SignatureV4 }] = await Promise.all([
        import("@aws-sdk/credential-provider-node"),
        import("@smithy/hash-node"),
        import("@smithy/signature-v4"),
    ]);
    const endpoint = new URL(env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || `https://sts.${region}.amazonaws.com/`);
    const signer = new SignatureV4({
        credentials: defaultProvider(),
        region,
        service: "sts",
        sha256: Hash.bind(null, "sha256"),
    });
    const signed = (await signer.sign({
        method: "POST",
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        port: endpoint.port ? Number(endpoint.port) : undefined,
        path: endpoint.pathname,
        query: {},
        headers: {
            host: endpoint.host,
            "content-type": "application/x-www-form-urlencoded; charset=utf-8",
            ...(serverId ? { "x-vault-aws-iam-server-id": serverId } : {}),
        },
        body: BODY,
    } as never)) as unknown as { headers: Record<string, string> };
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    return {
        iam_http_request_method: "POST",
        iam_request_url: b64(endpoint.toString()),
        iam_request_body: b64(BODY),
        iam_request_headers: b64(JSON.stringify(Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k, [v]])))),
    };
}
