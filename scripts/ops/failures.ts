// One clear line per operator-script failure: what was tried, what went wrong, and what to check. Never a stack
// trace, and never a response body (it could hold a token).

const NETWORK: Record<string, string> = {
    ENOTFOUND: "the host name does not resolve; check the address (from the stack output vaultAddress, or --vault-addr) and your DNS or VPN",
    EAI_AGAIN: "the host name could not be resolved right now; check your DNS or VPN",
    ECONNREFUSED: "nothing listens there; check that Vault runs and the port is right (a port-forward must be running for --vault-addr https://127.0.0.1:8200)",
    ECONNRESET: "the connection was reset; check that the address speaks HTTPS and that no proxy or security group cuts it",
    EHOSTUNREACH: "the host is unreachable; check that you are inside the VPC or on its VPN",
    ENETUNREACH: "the network is unreachable; check that you are inside the VPC or on its VPN",
    ETIMEDOUT: "the request timed out; check security groups and that you are inside the VPC (or raise --timeout)",
    ECONNABORTED: "the request timed out; check security groups and that you are inside the VPC (or raise --timeout)",
    DEPTH_ZERO_SELF_SIGNED_CERT: "its certificate is self-signed and not trusted; pass --ca-cert <file> with the CA (the stack output vaultCaCertPem)",
    SELF_SIGNED_CERT_IN_CHAIN: "its certificate chain ends in a CA that is not trusted; pass --ca-cert <file> with the CA (the stack output vaultCaCertPem)",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        "its certificate could not be verified; pass --ca-cert <file> with the CA that signed it (the stack output vaultCaCertPem)",
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "its certificate's issuer is not trusted; pass --ca-cert <file> with the CA (the stack output vaultCaCertPem)",
    CERT_HAS_EXPIRED: "its certificate has expired; renew it (eks-raft: `pulumi up` re-issues it) or check the machine's clock",
    ERR_TLS_CERT_ALTNAME_INVALID:
        "its certificate does not name this host; use the address the certificate names (vaultDomain or the load balancer's name), not an IP",
    EPROTO: "the TLS handshake failed; check that the address is Vault's HTTPS listener",
};

const HTTP: Record<number, string> = {
    400: "Vault rejected the request as malformed",
    403: "Vault refused the token; check that VAULT_TOKEN holds a token with rights on sys/ and auth/ (the root token from vault:init, once)",
    404: "Vault has no such path; check the address points at Vault itself",
    429: "Vault answered that it is a standby or rate-limited; retry, or point --vault-addr at the active node",
    500: "Vault failed internally; check its logs",
    501: "Vault is not initialised; run `npm run vault:init -- --stack <name>` first",
    502: "the load balancer found no healthy Vault behind it; check the nodes' health and that Vault is initialised and unsealed",
    503: "Vault is sealed or unavailable; check that it can reach its KMS key (auto-unseal) and is initialised",
    504: "the load balancer timed out waiting for Vault; check the nodes' health",
};

/** Explains an error from a call to Vault at `endpoint` in one line, or undefined when it is not such an error. */
export function explainVaultFailure(err: unknown, endpoint: string, doing: string): string | undefined {
    // Before any request (a usage error, a missing file) there is no Vault call to explain.
    if (!endpoint) return undefined;
    const e = err as { code?: string; cause?: { code?: string }; response?: { statusCode?: number; body?: { errors?: unknown[] } }; message?: string };
    const status = e?.response?.statusCode;
    // Vault's own words (its error strings name paths and reasons, never a secret), on one line.
    const said = String(e?.response?.body?.errors?.[0] ?? "")
        .replace(/\s+/g, " ")
        .trim()
        .slice(0, 200);
    if (status) return `${doing} at ${endpoint} failed with HTTP ${status}${said ? ` (Vault: ${said})` : ""}: ${HTTP[status] ?? "check Vault's logs"}`;
    const code = e?.code ?? e?.cause?.code;
    if (code && NETWORK[code]) return `${doing}: could not talk to Vault at ${endpoint} (${code}): ${NETWORK[code]}`;
    // axios says "timeout of 1000ms exceeded" when the request timeout fires.
    if (/^timeout of \d+ms exceeded/.test(e?.message ?? "")) return `${doing}: could not talk to Vault at ${endpoint} (timed out): ${NETWORK.ETIMEDOUT}`;
    return undefined;
}
