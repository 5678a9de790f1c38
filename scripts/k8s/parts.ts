// The real Kubernetes parts the tests and the eks rehearsal run: Helm, kube-apiserver, etcd and cert-manager's
// controller, each built once from its Go module by scripts/tools/<name>.sh into a cache outside the repository
// (see those scripts for versions).
import { execFileSync, spawnSync } from "child_process";
import * as path from "path";

export const PARTS = ["helm", "kube-apiserver", "etcd", "cert-manager"] as const;
export type Part = (typeof PARTS)[number];

const SCRIPTS = path.resolve(__dirname, "../tools");

/** The binary's path, built first if the cache lacks it (minutes, once; the script takes a lock). */
export function partPath(part: Part): string {
    return execFileSync("bash", [path.join(SCRIPTS, `${part}.sh`)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

/** True when the pinned version of the part is already in the cache, so asking for it costs seconds, not a build. */
export function partCached(part: Part): boolean {
    return spawnSync("bash", [path.join(SCRIPTS, `${part}.sh`)], { env: { ...process.env, STRONGROOM_CACHED_ONLY: "1" }, stdio: "ignore" }).status === 0;
}
