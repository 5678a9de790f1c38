// strongroom:replicationKvMount: a Vault mount path, which may be nested ("teams/kv-v2"). Vault lists a mount with
// one trailing slash ("teams/kv-v2/"), so that spelling is the same mount; Vault refuses mounts under its own
// protected paths ("cannot mount"; protectedMounts in vault/mount.go: audit/, auth/, sys/, cubbyhole/, identity/).
// Segments keep to the characters the audit subscription's filter pattern quotes safely and Secrets Manager names
// allow (the mount is the default secrets prefix): letters, digits, _ . and -.
import { z } from "zod";

export const VAULT_PROTECTED_MOUNTS = ["audit", "auth", "sys", "cubbyhole", "identity"] as const;
const SEGMENT = /^[A-Za-z0-9_.-]+$/;
const MAX_CHARS = 256;

/** The mount as the stack uses it: without the trailing slash Vault's listing shows. */
export function normalKvMount(path: string): string {
    return path.endsWith("/") ? path.slice(0, -1) : path;
}

/** Why Vault (or the stack's use of the path) refuses `path` as a KV mount; undefined when it is fine. */
export function kvMountProblem(path: string): string | undefined {
    const mount = normalKvMount(path);
    if (mount.length === 0) return "is empty: name the KV v2 mount to mirror, e.g. hybrid-aws-secrets or teams/kv-v2";
    if (mount.startsWith("/")) return `must not start with /: Vault mount paths are relative to /v1/, e.g. ${mount.replace(/^\/+/, "")}`;
    if (mount.length > MAX_CHARS) return `is ${mount.length} characters long; keep it to ${MAX_CHARS}`;
    const segments = mount.split("/");
    if (segments.some((s) => s === "")) return "has an empty segment (//); write each level once, e.g. teams/kv-v2";
    if (segments.some((s) => s === "." || s === "..")) return "has a . or .. segment; Vault paths name each level";
    const bad = segments.find((s) => !SEGMENT.test(s));
    if (bad !== undefined) return `segment "${bad}" may use only letters, digits, _ . and -`;
    const root = segments[0]; // Vault compares mount paths case-sensitively
    if ((VAULT_PROTECTED_MOUNTS as readonly string[]).includes(root))
        return `is under ${segments[0]}/, which Vault keeps for itself (${VAULT_PROTECTED_MOUNTS.map((m) => `${m}/`).join(", ")}); mount KV v2 elsewhere, e.g. hybrid-aws-secrets`;
    return undefined;
}

/** Zod type: a KV mount path, normalized (no trailing slash). */
export const kvMount = z
    .string()
    .superRefine((value, ctx) => {
        const problem = kvMountProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform(normalKvMount);
