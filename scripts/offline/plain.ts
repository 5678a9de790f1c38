// Turns recorded inputs into plain JSON: assets and archives become their names, sizes and SHA-256 digests.
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

export async function plain(value: unknown): Promise<unknown> {
    if (pulumi.asset.AssetArchive.isInstance(value)) {
        const assets = await (value as pulumi.asset.AssetArchive).assets;
        return { archive: Object.fromEntries(await Promise.all(Object.entries(assets).map(async ([k, v]) => [k, await plain(v)]))) };
    }
    if (pulumi.asset.StringAsset.isInstance(value)) {
        const text = await (value as pulumi.asset.StringAsset).text;
        return { asset: { bytes: Buffer.byteLength(text), sha256: createHash("sha256").update(text).digest("hex") } };
    }
    if (Array.isArray(value)) return Promise.all((value as unknown[]).map(plain));
    if (value && typeof value === "object") {
        return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await plain(v)])));
    }
    return value;
}
