// A real Kubernetes control plane on loopback, as controller-runtime's envtest starts one: etcd and kube-apiserver
// (built from their Go modules), a throwaway CA, an admin client certificate (group system:masters), and a
// service-account signing key so TokenRequest and TokenReview work. No kubelet, scheduler or controller-manager:
// objects are stored, validated and admitted (RBAC, Pod Security, ServiceAccount), but no container runs.
// envtest's flags: sigs.k8s.io/controller-runtime pkg/internal/testing/controlplane/apiserver.go (defaultArgs).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { startChild, stopChild, waitUntil } from "../rehearse/children";
import { freePort } from "../rehearse/emulator";
import { KubeClient } from "./client";
import { partPath } from "./parts";

export interface ControlPlane {
    /** https://127.0.0.1:<port> */
    readonly server: string;
    readonly host: string;
    readonly port: number;
    /** The CA pods trust the API server with (a pod's ca.crt). */
    readonly caCert: string;
    /** The cluster's admin (system:masters), for setting things up as `pulumi up` would. */
    readonly admin: KubeClient;
    readonly logFile: string;
    stop(): Promise<void>;
}

export interface ControlPlaneSettings {
    readonly workDir: string;
    /** The service range, as the stack configures EKS (strongroom:serviceCidr). */
    readonly serviceCidr: string;
}

/** The first address of the service range: the `kubernetes` Service's cluster IP, which the serving certificate names. */
function firstServiceIp(cidr: string): string {
    const [base] = cidr.split("/");
    const octets = base.split(".").map(Number);
    octets[3] += 1;
    return octets.join(".");
}

function makeCertificates(dir: string, serviceIp: string): void {
    const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl("req", "-x509", ...ec, "-days", "2", "-subj", "/CN=strongroom-rehearsal-kubernetes-ca", "-keyout", "ca.key", "-out", "ca.crt");
    const sign = (name: string, subject: string, extensions: string) => {
        openssl("req", ...ec, "-subj", subject, "-keyout", `${name}.key`, "-out", `${name}.csr`);
        fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
        openssl(
            "x509",
            "-req",
            "-in",
            `${name}.csr`,
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            `${name}.ext`,
            "-out",
            `${name}.crt`,
        );
    };
    const names = ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "localhost"];
    sign(
        "apiserver",
        "/CN=kube-apiserver",
        `subjectAltName=IP:127.0.0.1,IP:${serviceIp},${names.map((n) => `DNS:${n}`).join(",")}\nextendedKeyUsage=serverAuth\n`,
    );
    sign("admin", "/O=system:masters/CN=strongroom-admin", "extendedKeyUsage=clientAuth\n");
    // The key service-account tokens are signed with (and checked against).
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "sa.key");
    openssl("pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub");
}

export async function startControlPlane(s: ControlPlaneSettings): Promise<ControlPlane> {
    const dir = path.join(s.workDir, "kubernetes");
    fs.mkdirSync(path.join(dir, "etcd"), { recursive: true, mode: 0o700 });
    const serviceIp = firstServiceIp(s.serviceCidr);
    makeCertificates(dir, serviceIp);
    const [etcdPort, apiPort] = [await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcd = startChild(
        partPath("etcd"),
        [
            `--data-dir=${path.join(dir, "etcd")}`,
            `--listen-client-urls=${etcdUrl}`,
            `--advertise-client-urls=${etcdUrl}`,
            "--listen-peer-urls=http://127.0.0.1:0",
            // A throwaway store: no fsync, as envtest runs it.
            "--unsafe-no-fsync",
        ],
        path.join(dir, "etcd.log"),
    );
    const server = `https://127.0.0.1:${apiPort}`;
    const logFile = path.join(dir, "kube-apiserver.log");
    const file = (f: string) => path.join(dir, f);
    const apiserver = startChild(
        partPath("kube-apiserver"),
        [
            `--etcd-servers=${etcdUrl}`,
            `--cert-dir=${dir}`,
            `--tls-cert-file=${file("apiserver.crt")}`,
            `--tls-private-key-file=${file("apiserver.key")}`,
            `--client-ca-file=${file("ca.crt")}`,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            `--secure-port=${apiPort}`,
            `--service-cluster-ip-range=${s.serviceCidr}`,
            // EKS authorises with RBAC (and Node, for kubelets, which do not exist here).
            "--authorization-mode=RBAC",
            `--service-account-issuer=${server}`,
            `--service-account-key-file=${file("sa.pub")}`,
            `--service-account-signing-key-file=${file("sa.key")}`,
            // Admission as upstream enables it by default, Pod Security and ServiceAccount included (envtest turns
            // ServiceAccount off; every pod here names a service account the stack or the chart creates).
            "--allow-privileged=true",
        ],
        logFile,
    );
    const ca = fs.readFileSync(file("ca.crt"), "utf8");
    const admin = new KubeClient(server, { ca, cert: fs.readFileSync(file("admin.crt"), "utf8"), key: fs.readFileSync(file("admin.key"), "utf8") });
    const stop = async () => {
        await stopChild(apiserver, "SIGTERM");
        await stopChild(etcd, "SIGTERM");
    };
    try {
        // A server that exits (a bad flag, a port taken) fails at once instead of after the timeout.
        const exited = new Promise<never>((_, reject) => apiserver.once("exit", (code) => reject(new Error(`kube-apiserver exited with ${code}`))));
        exited.catch(() => undefined);
        await Promise.race([waitUntil("kube-apiserver to be ready", async () => (await admin.request("GET", "/readyz")).status === 200, 120_000), exited]);
    } catch (err) {
        const said = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-5).join("\n") : "";
        await stop();
        throw new Error(`${(err as Error).message}; kube-apiserver's last words:\n${said}`, { cause: err });
    }
    return { server, host: "127.0.0.1", port: apiPort, caCert: ca, admin, logFile, stop };
}
