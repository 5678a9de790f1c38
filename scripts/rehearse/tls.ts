// The rehearsal's CA and node certificate (127.0.0.1 and localhost), made with openssl as the test CA is.
import * as fs from "fs";
import * as path from "path";
import { testCa } from "../../test/support/test-ca";
import { NodeTls } from "./ec2-nodes";

export function writeNodeTls(workDir: string): NodeTls {
    const ca = testCa();
    const certFile = path.join(workDir, "vault.crt");
    const keyFile = path.join(workDir, "vault.key");
    fs.writeFileSync(certFile, ca.cert);
    fs.writeFileSync(keyFile, ca.key, { mode: 0o600 });
    return { caCert: ca.caCert, certFile, keyFile };
}
