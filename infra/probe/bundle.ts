// Bundles the probe handler at program time, like the replication function (infra/replication/bundle.ts): `pulumi
// up` alone deploys it, and the same source gives byte-identical code, so previews show no diff.
import * as esbuild from "esbuild";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

export const PROBE_ENTRY = path.resolve(__dirname, "../../functions/probe/index.ts");

let cached: string | undefined;

export function bundleProbe(): string {
    if (cached === undefined) {
        cached = esbuild.buildSync({
            entryPoints: [PROBE_ENTRY],
            bundle: true,
            platform: "node",
            target: "node22",
            format: "cjs",
            minify: true,
            legalComments: "none",
            write: false,
            logLevel: "silent",
            alias: { "form-data": path.resolve(__dirname, "../replication/form-data-stub.js") },
        }).outputFiles[0].text;
    }
    return cached;
}

export function probeArchive(): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundleProbe()) });
}
