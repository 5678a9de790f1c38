// Whether something starts Vault in dev mode (in memory, unsealed, root token printed, no TLS), in any form a start
// command takes: a shell line or systemd ExecStart (`vault server -dev`), a container's command and args, or HashiCorp's
// image left to its default command (CMD ["server", "-dev"]). Vault's own rules (command/server.go, v1.21.1): -dev,
// and -dev-tls, -dev-ha, -dev-transactional, -dev-leased-kv, -dev-auto-seal, -dev-kv-v1, -dev-no-kv, -dev-consul,
// each turn dev mode on; flags are Go flags (one or two dashes, booleans as -flag or -flag=<strconv.ParseBool>).
// VAULT_DEV_* variables are read only by a dev server, so a workload that sets them is set up for dev mode.
import { parse as parseShell } from "shell-quote";
import { defaultNote } from "./aws-defaults";

const DEV_FLAGS = ["dev", "dev-tls", "dev-ha", "dev-transactional", "dev-leased-kv", "dev-auto-seal", "dev-kv-v1", "dev-no-kv", "dev-consul"];
/** Boolean flags of `vault server`, which take no separate value (every other flag may). */
const BOOL_FLAGS = [...DEV_FLAGS, "dev-no-store-token", "dev-skip-init", "dev-plugin-init", "recovery", "exit-on-core-shutdown", "test-verify-only"];
const TRUE = ["1", "t", "T", "TRUE", "true", "True"];
const FALSE = ["0", "f", "F", "FALSE", "false", "False"];
/** HashiCorp's Vault server images, from any registry (not vault-k8s, the injector, nor other vault-* tools). */
const VAULT_IMAGE = /^vault(-enterprise)?(-fips)?$/;
const DEV_ENV = /(^|[\s"'=;])(VAULT_DEV_[A-Z_]+)\s*=/;

type Token = string | { op?: string; comment?: string };

/** A program token names the vault binary: `vault`, `/usr/bin/vault`, or systemd's `ExecStart=-/usr/bin/vault`. */
const isVaultBinary = (t: string) =>
    (t.split("=").pop() ?? "")
        .replace(/^[-@+!:]+/, "")
        .split("/")
        .pop() === "vault";

/** The dev-mode flags of one `vault server` invocation (the tokens after `server`), as Go's flag package reads them. */
function devFlagsIn(args: Token[]): string[] {
    const found: string[] = [];
    for (let i = 0; i < args.length; i++) {
        const t = args[i];
        if (typeof t !== "string" || t === "--" || !t.startsWith("-")) break;
        const [name, value] = t.replace(/^--?/, "").split(/=(.*)/s);
        if (value === undefined && !BOOL_FLAGS.includes(name) && typeof args[i + 1] === "string" && !String(args[i + 1]).startsWith("-")) i++;
        if (DEV_FLAGS.includes(name) && (value === undefined || TRUE.includes(value)) && !FALSE.includes(value ?? "")) found.push(t);
    }
    return found;
}

/** Dev-mode starts among a command's tokens; a token holding a whole script (`sh -c "…"`) is read as one. */
export function devModeInTokens(tokens: readonly Token[]): string[] {
    const found: string[] = [];
    tokens.forEach((t, i) => {
        if (typeof t !== "string") return;
        if (/\s/.test(t.trim())) found.push(...devModeInScript(t));
        else if (isVaultBinary(t) && tokens[i + 1] === "server") {
            const flags = devFlagsIn(tokens.slice(i + 2));
            if (flags.length > 0) found.push(`\`vault server ${flags.join(" ")}\``);
        }
    });
    return found;
}

/** Dev-mode starts and dev-mode settings in a script, a unit file or any text of shell-like lines. */
export function devModeInScript(text: string): string[] {
    const found: string[] = [];
    for (const line of text.replace(/\\\r?\n/g, " ").split(/\r?\n/)) {
        const env = DEV_ENV.exec(line);
        if (env && !line.trim().startsWith("#")) found.push(`${env[2]} (read only by a dev server)`);
        if (!/vault/.test(line)) continue;
        let tokens: Token[];
        try {
            tokens = parseShell(line, (key) => `$${key}`) as Token[];
        } catch {
            continue;
        }
        found.push(...devModeInTokens(tokens.filter((t) => typeof t === "string" || !("comment" in t))));
    }
    return [...new Set(found)];
}

export interface ContainerSpec {
    readonly image?: string;
    /** Replaces the image's ENTRYPOINT (Kubernetes `command`, ECS `entryPoint`). */
    readonly command?: string[];
    /** Replaces the image's CMD (Kubernetes `args`, ECS `command`). */
    readonly args?: string[];
    readonly env?: string[];
}

export function isVaultImage(image: string | undefined): boolean {
    if (!image) return false;
    const path = image.split("@")[0];
    const name = path.split("/").pop()!.split(":")[0];
    return VAULT_IMAGE.test(name);
}

/** What puts one container in dev mode. */
export function devModeInContainer(c: ContainerSpec): string[] {
    const found: string[] = [];
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : undefined);
    const command = list(c.command);
    const args = list(c.args);
    if (command) found.push(...devModeInTokens([...command, ...(args ?? [])]));
    else if (args) {
        // The image's entrypoint runs `vault <args>` when the first is `server` or a flag (docker-entrypoint.sh).
        found.push(...devModeInTokens(isVaultImage(c.image) && (args[0] === "server" || args[0]?.startsWith("-")) ? ["vault", ...args] : args));
    } else if (isVaultImage(c.image)) found.push(`image ${c.image} with no command or args (${defaultNote("vault.imageCmd")})`);
    for (const name of c.env ?? []) if (/^VAULT_DEV_/.test(name)) found.push(`${name} (read only by a dev server)`);
    return [...new Set(found)];
}
