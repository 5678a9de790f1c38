// The two renewal-and-reload paths run for real: a real Vault serves a certificate; (EKS) the Secret's mounted files
// change as the kubelet changes them and the reloader sidecar's script makes Vault serve the new one; (EC2) the
// node's renewal script re-issues an expiring certificate with openssl and reloads Vault. Requests keep succeeding
// throughout: no restart, no downtime. Vault reloads on SIGHUP; the scripts are the ones the stack ships.
import * as assert from "assert";
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { renderTlsRenewScript } from "../../infra/vault-ec2/tls-renewal";
import { reloaderScript } from "../../infra/vault-eks/tls-reloader";
import { freePort } from "../../scripts/rehearse/emulator";
import { vaultBinary } from "../../scripts/rehearse/vault-binary";
import { requireRehearsal } from "../support/rehearsal";
import { requireTool } from "../support/tools";

const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "pipe", "pipe"] });

/** A key and a certificate for 127.0.0.1 and localhost, self-signed or signed by `ca`. */
function issue(dir: string, name: string, days: number, ca?: { cert: string; key: string }): { cert: string; key: string } {
    const cert = path.join(dir, `${name}.crt`);
    const key = path.join(dir, `${name}.key`);
    const names = ["-subj", "/CN=vault", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"];
    if (!ca) {
        openssl(
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            String(days),
            ...names,
            "-keyout",
            key,
            "-out",
            cert,
        );
    } else {
        const csr = path.join(dir, `${name}.csr`);
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", ...names, "-keyout", key, "-out", csr);
        const ext = path.join(dir, `${name}.ext`);
        fs.writeFileSync(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("x509", "-req", "-in", csr, "-CA", ca.cert, "-CAkey", ca.key, "-CAcreateserial", "-days", String(days), "-extfile", ext, "-out", cert);
    }
    return { cert, key };
}

/** The SHA-256 fingerprint of the certificate a TLS server presents, and whether the request was answered. */
function served(port: number): Promise<{ fingerprint: string; status: number }> {
    return new Promise((resolve, reject) => {
        const req = https.get({ host: "127.0.0.1", port, path: "/v1/sys/health", rejectUnauthorized: false, agent: false, timeout: 2000 }, (res) => {
            const fingerprint = (res.socket as any).getPeerCertificate().fingerprint256 as string;
            res.resume();
            res.on("end", () => resolve({ fingerprint, status: res.statusCode ?? 0 }));
        });
        req.on("timeout", () => req.destroy(new Error("timed out")));
        req.on("error", reject);
    });
}

const fingerprintOf = (cert: string) => new (require("crypto").X509Certificate)(fs.readFileSync(cert)).fingerprint256 as string;

/** A real Vault server (in-memory storage) on `cert`/`key`, run under its own process name so signals reach only it. */
async function startVault(dir: string, name: string, cert: string, key: string): Promise<{ port: number; child: ChildProcess }> {
    const port = await freePort();
    const bin = path.join(dir, name);
    fs.symlinkSync(vaultBinary(), bin);
    const config = path.join(dir, `${name}.hcl`);
    fs.writeFileSync(
        config,
        `disable_mlock = true\nstorage "inmem" {}\nlistener "tcp" {\n  address = "127.0.0.1:${port}"\n  tls_cert_file = ${JSON.stringify(cert)}\n  tls_key_file = ${JSON.stringify(key)}\n}\n`,
    );
    const log = fs.openSync(path.join(dir, `${name}.log`), "a");
    const child = spawn(bin, ["server", `-config=${config}`], { stdio: ["ignore", log, log] });
    const started = Date.now();
    for (;;) {
        if (
            await served(port).then(
                () => true,
                () => false,
            )
        )
            return { port, child };
        if (Date.now() - started > 30_000) throw new Error(`vault did not listen: ${fs.readFileSync(path.join(dir, `${name}.log`), "utf8")}`);
        await new Promise((r) => setTimeout(r, 200));
    }
}

/** Polls the server every 50 ms until `done` holds, counting answered and failed requests. */
async function watch(port: number, done: (fingerprint: string) => boolean, timeoutMs = 30_000): Promise<{ ok: number; failed: number }> {
    let ok = 0;
    let failed = 0;
    const started = Date.now();
    for (;;) {
        const reply = await served(port).catch(() => undefined);
        if (reply && reply.status > 0) ok++;
        else failed++;
        if (reply && done(reply.fingerprint)) return { ok, failed };
        if (Date.now() - started > timeoutMs) throw new Error("the new certificate was never served");
        await new Promise((r) => setTimeout(r, 50));
    }
}

describe("rehearsal: certificates renewed and reloaded by a real Vault without downtime", function () {
    this.timeout(120_000);
    let dir: string;
    const children: ChildProcess[] = [];

    before(function () {
        requireRehearsal(this);
        requireTool(this, "openssl");
        requireTool(this, "pkill");
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-cert-reload-"));
    });
    after(() => {
        for (const child of children) child.kill("SIGKILL");
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("EKS: Vault alone keeps the old certificate; the reloader sidecar makes it serve each new one (a missed change within its period)", async () => {
        const ca = issue(dir, "ca", 3650);
        const certs = [1, 2, 3].map((n) => issue(dir, `server${n}`, 90, ca));
        // The kubelet's layout of a mounted Secret: files link through ..data to a timestamped folder, and an update
        // writes a new folder and renames a new ..data link over the old one (atomically).
        const mount = path.join(dir, "mount");
        const swapTo = (n: number) => {
            fs.mkdirSync(path.join(mount, `..v${n}`), { recursive: true });
            fs.copyFileSync(certs[n - 1].cert, path.join(mount, `..v${n}`, "tls.crt"));
            fs.copyFileSync(certs[n - 1].key, path.join(mount, `..v${n}`, "tls.key"));
            fs.symlinkSync(`..v${n}`, path.join(mount, "..data_tmp"));
            fs.renameSync(path.join(mount, "..data_tmp"), path.join(mount, "..data"));
        };
        swapTo(1);
        for (const f of ["tls.crt", "tls.key"]) fs.symlinkSync(path.join("..data", f), path.join(mount, f));
        const name = `vrl${process.pid % 100000}`;
        const vault = await startVault(dir, name, path.join(mount, "tls.crt"), path.join(mount, "tls.key"));
        children.push(vault.child);
        assert.strictEqual((await served(vault.port)).fingerprint, fingerprintOf(certs[0].cert));

        swapTo(2);
        await new Promise((r) => setTimeout(r, 2000));
        assert.strictEqual((await served(vault.port)).fingerprint, fingerprintOf(certs[0].cert), "Vault does not notice a changed file by itself");

        // Started after the change: it sees no change, and signals at the end of its period all the same.
        const script = reloaderScript({ certFile: path.join(mount, "tls.crt"), intervalSeconds: 1, everySeconds: 4, processName: name });
        const reloaderLog: string[] = [];
        const reloader = spawn("/bin/sh", ["-c", script]);
        children.push(reloader);
        reloader.stdout.on("data", (d) => reloaderLog.push(String(d)));
        const missed = await watch(vault.port, (fp) => fp === fingerprintOf(certs[1].cert));
        swapTo(3);
        const changed = await watch(vault.port, (fp) => fp === fingerprintOf(certs[2].cert), 5000);
        assert.deepStrictEqual([missed.failed, changed.failed], [0, 0], "every request during the reloads was answered");
        assert.ok(vault.child.exitCode === null, "the same Vault process serves on");
        assert.strictEqual((reloaderLog.join("").match(/: sent SIGHUP to vrl\d+/g) ?? []).length, 2, reloaderLog.join(""));
    });

    it("EC2: the node's renewal script re-issues an expiring certificate with the same names and reloads Vault; a fresh one is left alone", async () => {
        const expiring = issue(dir, "node", 5);
        const name = `vrn${process.pid % 100000}`;
        const vault = await startVault(dir, name, expiring.cert, expiring.key);
        children.push(vault.child);
        const before = fingerprintOf(expiring.cert);
        const script = path.join(dir, "renew.sh");
        fs.writeFileSync(script, renderTlsRenewScript("/unused"), { mode: 0o700 });
        const env = { ...process.env, VAULT_TLS_CERT: expiring.cert, VAULT_TLS_KEY: expiring.key, VAULT_RELOAD: `pkill -HUP -x ${name}` };
        const watching = watch(vault.port, (fp) => fp !== before);
        const out = execFileSync("bash", [script], { env, encoding: "utf8" });
        assert.match(out, /^renewed .*node\.crt until /m);
        const seen = await watching;
        assert.strictEqual(seen.failed, 0, "every request during the reload was answered");
        assert.strictEqual((await served(vault.port)).fingerprint, fingerprintOf(expiring.cert));
        const text = openssl("x509", "-noout", "-enddate", "-ext", "subjectAltName", "-in", expiring.cert).toString();
        assert.match(text, /IP Address:127\.0\.0\.1, DNS:localhost/);
        const days = (Date.parse(/notAfter=(.*)/.exec(text)![1]) - Date.now()) / 86_400_000;
        assert.ok(days > 820 && days < 826, `renewed for ${days} days`);
        assert.strictEqual(fs.statSync(expiring.key).mode & 0o777, 0o600, "the key keeps its mode");
        const again = execFileSync("bash", [script], { env, encoding: "utf8" });
        assert.strictEqual(again, "", "a certificate with more than 30 days left is not renewed");
    });
});
