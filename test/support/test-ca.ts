// A throwaway CA and a server certificate for 127.0.0.1/localhost, made with openssl once per test process,
// so fake servers speak HTTPS as real Vault is deployed and clients verify them with VAULT_CA_CERT.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface TestCa {
    readonly caCert: string;
    /** The CA's own key (for the CA Secret cert-manager's CA issuer signs with, in the Kubernetes tests and rehearsal). */
    readonly caKey: string;
    readonly cert: string;
    readonly key: string;
}

let cached: TestCa | undefined;

export function testCa(): TestCa {
    if (cached) return cached;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-ca-"));
    const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    run(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=Strongroom Test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
    );
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr");
    fs.writeFileSync(path.join(dir, "ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", "ext.cnf", "-out", "server.crt");
    const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
    cached = { caCert: read("ca.crt"), caKey: read("ca.key"), cert: read("server.crt"), key: read("server.key") };
    fs.rmSync(dir, { recursive: true, force: true });
    return cached;
}
