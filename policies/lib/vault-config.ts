// Light checks on Vault server configuration text (HCL): enough to see the seal and the listener's TLS setting
// without a full parser in the policy runtime. The project's tests parse the same text with HashiCorp's parser.

export function hasAwsKmsSeal(hcl: string): boolean {
    return /^\s*seal\s+"awskms"\s*\{/m.test(hcl);
}

export function disablesTls(hcl: string): boolean {
    return /^\s*tls_disable\s*=\s*("?(1|true)"?)\s*$/im.test(hcl);
}

/** Looks like a Vault server config: has a storage or listener block. */
export function isVaultConfig(text: string): boolean {
    return /^\s*(storage|listener)\s+"[a-z]+"\s*\{/m.test(text);
}
