// What every Vault listener Strongroom renders carries, on both layouts. Pure.

/** Strict-Transport-Security on every answer: browsers (the UI) never fall back to plain HTTP for this host. */
export const HSTS = "max-age=31536000; includeSubDomains";

/** The listener's response headers, as Vault's `custom_response_headers` block (also used by the eks-raft config). */
export function hstsHeadersBlock(indent = "  "): string {
    return `${indent}# Explicit, so a change of Vault's default cannot drop it.
${indent}# https://developer.hashicorp.com/vault/docs/configuration/listener/tcp#custom_response_headers
${indent}custom_response_headers {
${indent}  default = {
${indent}    "Strict-Transport-Security" = [${JSON.stringify(HSTS)}]
${indent}  }
${indent}}`;
}
