// Vault must not be able to rewrite its own configuration: every file and folder it reads its settings from (the
// config, the TLS key and certificate) ends owned by root, readable by the vault group, writable by no one else.
// The boot script's ownership and mode commands are replayed in order, for the class of all such paths, and
// mutations of the script (a chown to vault, a group-writable mode) must be caught.
import * as assert from "assert";
import { VAULT_CONFIG, VAULT_CONFIG_DIR } from "../../../infra/vault-ec2/systemd-unit";
import { renderUserData, TLS_DIR } from "../../../infra/vault-ec2/user-data";

const userData = renderUserData({
    region: "eu-west-1",
    tableName: "t",
    unsealKeyId: "arn:aws:kms:eu-west-1:123456789012:key/abc",
    forwardedForCidrs: ["10.20.0.0/16"],
    vaultVersion: "2.0.4",
    arch: "arm64",
    downloadUrl: "https://releases.hashicorp.com/vault",
    auditLogGroup: "g",
});

/** What Vault reads its settings from. */
const CONFIG_PATHS = [VAULT_CONFIG_DIR, VAULT_CONFIG, TLS_DIR, `${TLS_DIR}/vault.key`, `${TLS_DIR}/vault.crt`];

interface FileState {
    owner: string;
    group: string;
    mode: number;
}

/** Replays `install -d`, `chown`, `chmod` and file creation (umask 077, as root) over the script, line by line. */
function finalStates(script: string): Map<string, FileState> {
    const states = new Map<string, FileState>();
    const umask = /^umask (\d+)$/m.exec(script) ? parseInt(/^umask (\d+)$/m.exec(script)![1], 8) : 0o022;
    for (const raw of script.split("\n")) {
        const line = raw.trim();
        let m: RegExpExecArray | null;
        if ((m = /^install -d -m (\d+) -o (\S+) -g (\S+) (\S+)$/.exec(line))) states.set(m[4], { owner: m[2], group: m[3], mode: parseInt(m[1], 8) });
        else if ((m = /^chown (\S+?):(\S+) (.+)$/.exec(line)))
            for (const p of m[3].split(" ")) states.set(p, { ...(states.get(p) ?? created()), owner: m[1], group: m[2] });
        else if ((m = /^chmod (\d+) (.+)$/.exec(line)))
            for (const p of m[2].split(" ")) states.set(p, { ...(states.get(p) ?? created()), mode: parseInt(m[1], 8) });
        else if ((m = /^cat > (\S+) <</.exec(line)) && !states.has(m[1])) states.set(m[1], created());
        else if ((m = /-keyout (\S+) -out (\S+)/.exec(line))) for (const p of [m[1], m[2]]) if (!states.has(p)) states.set(p, created());
    }
    return states;

    function created(): FileState {
        return { owner: "root", group: "root", mode: 0o666 & ~umask };
    }
}

function problems(script: string): string[] {
    const states = finalStates(script);
    return CONFIG_PATHS.flatMap((p) => {
        const s = states.get(p);
        if (!s) return [`${p}: never created by the boot script`];
        const out: string[] = [];
        if (s.owner !== "root") out.push(`${p}: owned by ${s.owner}, not root`);
        if (s.group !== "vault") out.push(`${p}: group ${s.group}, so Vault cannot read it`);
        if (s.mode & 0o022) out.push(`${p}: mode ${s.mode.toString(8)} lets the group or others write`);
        if (!(s.mode & 0o040)) out.push(`${p}: mode ${s.mode.toString(8)} hides it from the vault group`);
        return out;
    });
}

describe("vault-ec2: Vault's configuration is root's", () => {
    it("every config file and folder ends root:vault, group-readable, writable only by root", () => {
        assert.deepStrictEqual(problems(userData), []);
    });

    const mutations: [string, (s: string) => string][] = [
        ["the config handed to vault", (s) => s.replace(`chown root:vault ${VAULT_CONFIG}`, `chown vault:vault ${VAULT_CONFIG}`)],
        ["the config made group-writable", (s) => s.replace(`chmod 0640 ${VAULT_CONFIG}`, `chmod 0660 ${VAULT_CONFIG}`)],
        ["the TLS key handed to vault", (s) => s.replace(`chown root:vault ${TLS_DIR}/vault.key`, `chown vault:vault ${TLS_DIR}/vault.key`)],
        ["the config folder owned by vault", (s) => s.replace(`-o root -g vault ${VAULT_CONFIG_DIR}`, `-o vault -g vault ${VAULT_CONFIG_DIR}`)],
        [
            "a later chown undoing it",
            (s) => s.replace("systemctl daemon-reload", `chown -R vault:vault ${VAULT_CONFIG_DIR}\nchown vault:vault ${VAULT_CONFIG}\nsystemctl daemon-reload`),
        ],
        ["the TLS folder world-writable", (s) => s.replace(`install -d -m 0750 -o root -g vault ${TLS_DIR}`, `install -d -m 0777 -o root -g vault ${TLS_DIR}`)],
    ];
    for (const [name, mutate] of mutations) {
        it(`catches a mutation: ${name}`, () => {
            const changed = mutate(userData);
            assert.notStrictEqual(changed, userData, "the mutation applies to the script");
            assert.ok(problems(changed).length > 0, "the check noticed nothing");
        });
    }
});
