// Which provider inputs make a resource type matter to the pack: they hold a policy document, a key reference, an
// encryption setting, a network ingress, a launch configuration, a start command or a credential. Matched on the provider's own input
// names (test/support/provider-inputs.ts), so a new provider type with such an input shows up by itself.
import { providerTypes } from "../support/provider-inputs";

export const CATEGORIES: Record<string, RegExp> = {
    "policy document":
        /(^|\.)(policy|policyDocument|assumeRolePolicy|accessPolicies|accessPolicy|inlinePolicy|resourcePolicy|keyPolicy|policyText|policyJson)$/i,
    "key reference": /(kmsKey|kmsMasterKey|encryptionKey|keyArn$|cmk)/i,
    "encryption setting": /(encrypt|serverSideEncryption|sseSpecification|^sse|atRest)/i,
    "network ingress":
        /(^|\.)(ingress|ingresses|cidrBlocks|cidrIpv4|cidrIpv6|ipv6CidrBlocks|publicAccessCidrs|associatePublicIpAddress|mapPublicIpOnLaunch|publiclyAccessible)$/i,
    "launch configuration": /(^|\.)(userData|userDataBase64|metadataOptions|launchTemplate|launchConfiguration|imageId)$/i,
    "start command": /(^|\.)(containerDefinitions|containerProperties|startCommand)$/,
    credential: /(^|\.)[a-zA-Z]*(password|Password|secret|Secret|token|Token|privateKey|PrivateKey|accessKey|AccessKey|credential|Credential)[a-zA-Z]*$/,
};

/** Every provider type with at least one input of a category, and the categories it has. */
export function relevantTypes(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const t of providerTypes()) {
        const cats = Object.entries(CATEGORIES)
            .filter(([, re]) => t.inputs.some((i) => re.test(i)))
            .map(([c]) => c);
        if (cats.length > 0) out.set(t.token, cats);
    }
    return out;
}
