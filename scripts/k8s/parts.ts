// The real Kubernetes parts the tests and the eks rehearsal run: Helm, kube-apiserver and etcd, each built once from
// its Go module by scripts/tools/<name>.sh into a cache outside the repository (see those scripts for versions).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export type Part = "helm" | "kube-apiserver" | "etcd";

const SCRIPTS = path.resolve(__dirname, "../tools");

/** The binary's path, built first if the cache lacks it (minutes, once; the script takes a lock). */
export function partPath(part: Part): string {
    return execFileSync("bash", [path.join(SCRIPTS, `${part}.sh`)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

/** True when the part is already in the cache, so asking for it costs seconds, not a build. */
export function partCached(part: Part): boolean {
    const cache = process.env.STRONGROOM_CACHE ?? path.join(os.homedir(), ".cache", "strongroom");
    return fs.existsSync(cache) && fs.readdirSync(cache).some((d) => d.startsWith(`${part}-`) && fs.existsSync(path.join(cache, d, part)));
}
