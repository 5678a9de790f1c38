// Bundles the replication handler at program time with esbuild, so `pulumi up` alone deploys it: no registry,
// no separate build step. Deterministic: the same source gives byte-identical code, so previews show no diff.
import * as esbuild from "esbuild";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

export const HANDLER_ENTRY = path.resolve(__dirname, "../../functions/replication/index.ts");
export const LAMBDA_RUNTIME = "nodejs22.x";

let cached: string | undefined;

/** The minified CommonJS bundle, AWS SDK included (the runtime's own SDK version is not ours to pin). */
export function bundleHandler(): string {
    if (cached === undefined) {
        const result = esbuild.buildSync({
            entryPoints: [HANDLER_ENTRY],
            bundle: true,
            platform: "node",
            target: "node22",
            format: "cjs",
            minify: true,
            // No keepNames: nothing here depends on function or class names (the SDK sets every error's name as a
            // string; test/infra/replication/bundle.test.ts proves error kinds survive), and it costs load time.
            keepNames: false,
            legalComments: "none",
            sourcemap: false,
            write: false,
            logLevel: "silent",
            alias: { "form-data": path.resolve(__dirname, "form-data-stub.js") },
        });
        cached = result.outputFiles[0].text;
    }
    return cached;
}

export function handlerArchive(): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundleHandler()) });
}
