// The Raft snapshot CronJob run for real, from the pod its jobTemplate makes: the Pod is admitted by the API server,
// its init container's script logs in to Vault with the pod's own service-account token (Kubernetes auth, reviewed
// by the API server) and saves a snapshot, its upload container's script sends it with the AWS CLI to the
// emulator's S3 bucket, configured as the stack configures it. Then the runbook's restore: download that object and
// `vault operator raft snapshot restore -force` it.
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { runMatrix } from "../access/matrix";
import { StackFacts } from "../access/stack-facts";
import { workloadsOf } from "../access/workloads";
import { cronJobPod, stackManifests } from "../k8s/objects";
import { SNAPSHOT_PREFIX } from "../../infra/vault-eks/snapshot-job";
import { Emulator, EMULATOR_REGION } from "./emulator";
import { RaftRehearsal } from "./eks-raft";
import { admitPod, containerEnv, markRunning, mountPaths, mountVolumes, substituteAll } from "./kubelet";

const SANDBOX = path.join(__dirname, "pod-sandbox.sh");

export interface SnapshotUpload {
    readonly bucket: string;
    readonly key: string;
    readonly bytes: number;
    readonly versionId: string;
    /** The object's server-side encryption and key, as S3 reports them. */
    readonly encryption: string;
    readonly kmsKeyId: string;
    readonly seconds: number;
}

function run(command: string, args: string[], env: Record<string, string>, cwd?: string): Promise<string> {
    return new Promise((resolve, reject) =>
        execFile(command, args, { env, cwd, timeout: 120_000 }, (err, stdout, stderr) =>
            err ? reject(new Error(`${path.basename(command)} ${args[0] ?? ""} failed: ${(stderr || stdout || err.message).trim()}`)) : resolve(stdout),
        ),
    );
}

/** The AWS CLI against the emulator, as an operator with the account's credentials. */
function awsAdmin(awsBin: string, emulator: Emulator) {
    const env = {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        AWS_ENDPOINT_URL: emulator.endpoint,
        AWS_ACCESS_KEY_ID: "rehearsal",
        AWS_SECRET_ACCESS_KEY: "rehearsal",
        AWS_DEFAULT_REGION: EMULATOR_REGION,
    };
    return (...args: string[]) => run(awsBin, [...args, "--output", "json"], env).then((out) => (out.trim() ? JSON.parse(out) : {}));
}

/**
 * The snapshot bucket as the stack configures it (versioning, default SSE-KMS with its own key, public access
 * blocked), under the name the job's upload script names.
 */
export async function createSnapshotBucket(r: RaftRehearsal, emulator: Emulator, awsBin: string): Promise<{ bucket: string; keyArn: string }> {
    const aws = awsAdmin(awsBin, emulator);
    const cronJob = stackManifests(r.run).find((m) => m.kind === "CronJob")!;
    const upload = cronJob.spec.jobTemplate.spec.template.spec.containers[0].command.join(" ");
    const bucket = /s3:\/\/([a-z0-9.-]+)\//.exec(upload)?.[1];
    if (!bucket) throw new Error("rehearsal: the snapshot job's upload script names no bucket");
    const recorded = (type: string, suffix: string) => r.run.resources.find((x) => x.type === type && x.name.endsWith(suffix))!.inputs;
    const key = await aws("kms", "create-key", "--description", "rehearsal Raft snapshot key");
    await aws("s3api", "create-bucket", "--bucket", bucket, "--create-bucket-configuration", `LocationConstraint=${EMULATOR_REGION}`);
    const versioning = recorded("aws:s3/bucketVersioning:BucketVersioning", "-versioning").versioningConfiguration;
    await aws("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", `Status=${versioning.status}`);
    const [rule] = recorded("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "-encryption").rules;
    const encryption = {
        Rules: [
            {
                ApplyServerSideEncryptionByDefault: { SSEAlgorithm: rule.applyServerSideEncryptionByDefault.sseAlgorithm, KMSMasterKeyID: key.KeyMetadata.Arn },
                BucketKeyEnabled: rule.bucketKeyEnabled,
            },
        ],
    };
    await aws("s3api", "put-bucket-encryption", "--bucket", bucket, "--server-side-encryption-configuration", JSON.stringify(encryption));
    const block = recorded("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "-private");
    await aws(
        "s3api",
        "put-public-access-block",
        "--bucket",
        bucket,
        "--public-access-block-configuration",
        JSON.stringify({
            BlockPublicAcls: block.blockPublicAcls,
            IgnorePublicAcls: block.ignorePublicAcls,
            BlockPublicPolicy: block.blockPublicPolicy,
            RestrictPublicBuckets: block.restrictPublicBuckets,
        }),
    );
    // The bucket policy is judged by the IAM engine instead (judgeUpload): moto 5.2.5 applies a bucket policy's Deny
    // without evaluating its conditions (s3/models.py get_permission passes no request context), so the stack's
    // TLS-only Deny refuses every PutObject there, over HTTPS too.
    return { bucket, keyArn: key.KeyMetadata.Arn };
}

/**
 * One run of the CronJob: its pod admitted, then each container's own script with the environment its spec resolves
 * to. Substituted: VAULT_ADDR's in-cluster name becomes the address of the pod the vault-active Service selects (in
 * the API server), mount paths become folders, and the upload gets what EKS's pod identity webhook injects for IRSA
 * (AWS_ROLE_ARN from the service account's annotation, a token for audience sts.amazonaws.com), with the AWS CLI
 * pointed at the emulator, whose STS answers AssumeRoleWithWebIdentity without checking the token.
 */
export async function runSnapshotJob(
    r: RaftRehearsal,
    opts: { emulator: Emulator; vaultBin: string; awsBin: string; workDir: string },
): Promise<SnapshotUpload> {
    const started = Date.now();
    const cronJob = stackManifests(r.run).find((m) => m.kind === "CronJob")!;
    const manifest = cronJobPod(cronJob, `rehearsal-${Date.now()}`);
    const dir = path.join(opts.workDir, manifest.metadata.name);
    const stored = await markRunning(r.cp.admin, await admitPod(r.cp.admin, manifest));
    const pod = await mountVolumes(r.cp, stored, dir);
    fs.mkdirSync(path.join(dir, "tmp"), { recursive: true });

    const [active, ...more] = await r.selectedBy("vault-active");
    if (!active || more.length > 0)
        throw new Error(`rehearsal: the vault-active Service selects ${[active, ...more].filter(Boolean).join(", ") || "no pod"}; exactly one expected`);
    const activeAddress = new URL(r.nodeOf(active).address).host;
    const namespace = stored.metadata.namespace;
    const output: string[] = [];
    const containerRun = async (container: any, extraEnv: Record<string, string> = {}) => {
        const mounts: [string, string][] = [...mountPaths(pod, container), ["/tmp", path.join(dir, "tmp")]];
        const localize = (text: string) => substituteAll(text, [[`vault-active.${namespace}.svc:8200`, activeAddress], ...mounts]);
        const env = Object.fromEntries(Object.entries(containerEnv(pod, container, r.cp)).map(([k, v]) => [k, localize(v)]));
        const [shell, flag, script] = container.command;
        const PATH = [path.dirname(opts.vaultBin), path.dirname(opts.awsBin), process.env.PATH].join(":");
        output.push(await run(SANDBOX, [pod.serviceAccountDir, shell, flag, localize(script)], { PATH, ...env, ...extraEnv }));
    };
    const spec = stored.spec;
    for (const init of spec.initContainers ?? []) await containerRun(init);

    const account = (await r.cp.admin.get("v1", "ServiceAccount", spec.serviceAccountName, namespace)).body;
    const identityToken = path.join(dir, "eks.amazonaws.com", "token");
    fs.mkdirSync(path.dirname(identityToken), { recursive: true });
    fs.writeFileSync(
        identityToken,
        await r.cp.admin.token(namespace, spec.serviceAccountName, { name: stored.metadata.name, uid: stored.metadata.uid }, 3600, ["sts.amazonaws.com"]),
    );
    for (const container of spec.containers) {
        await containerRun(container, {
            AWS_ROLE_ARN: account.metadata.annotations["eks.amazonaws.com/role-arn"],
            AWS_WEB_IDENTITY_TOKEN_FILE: identityToken,
            AWS_STS_REGIONAL_ENDPOINTS: "regional",
            AWS_REGION: EMULATOR_REGION,
            AWS_DEFAULT_REGION: EMULATOR_REGION,
            AWS_ENDPOINT_URL: opts.emulator.endpoint,
        });
    }
    const uploaded = /uploaded s3:\/\/([^/]+)\/(\S+)/.exec(output.join("\n"));
    if (!uploaded) throw new Error(`rehearsal: the upload printed no object:\n${output.join("\n")}`);
    const [, bucket, key] = uploaded;
    if (!key.startsWith(SNAPSHOT_PREFIX)) throw new Error(`rehearsal: the snapshot went to ${key}, outside ${SNAPSHOT_PREFIX}`);
    const head = await awsAdmin(opts.awsBin, opts.emulator)("s3api", "head-object", "--bucket", bucket, "--key", key);
    return {
        bucket,
        key,
        bytes: head.ContentLength,
        versionId: head.VersionId,
        encryption: head.ServerSideEncryption,
        kmsKeyId: head.SSEKMSKeyId,
        seconds: (Date.now() - started) / 1000,
    };
}

/**
 * The upload the job really made, judged by the IAM engine as AWS would judge it: the snapshot role's identity
 * policies and the bucket's policy, for the object key the script chose. Over TLS (the CLI's default to S3) it must be
 * allowed; the same request without TLS must be refused by the bucket's TlsOnly statement.
 */
export async function judgeUpload(r: RaftRehearsal, upload: SnapshotUpload): Promise<{ overTls: string; withoutTls: string }> {
    const facts = new StackFacts(r.run, EMULATOR_REGION);
    const job = workloadsOf(facts).find((w) => w.name === "Raft snapshot job (IRSA)");
    if (!job) throw new Error("rehearsal: the access matrix has no Raft snapshot job workload");
    const object = `${facts.arn("aws:s3/bucket:Bucket", "-vault-snapshots-bucket")}/${upload.key}`;
    const put = (secure: string) => ({ why: "the rehearsal's upload", action: "s3:PutObject", resource: object, context: { "aws:SecureTransport": secure } });
    const [overTls, withoutTls] = await runMatrix(facts, [{ ...job, calls: [put("true"), put("false")] }]);
    return {
        overTls: overTls.actual,
        withoutTls: `${withoutTls.actual}${withoutTls.deniedBy.length ? ` by ${withoutTls.deniedBy.join(", ")}` : ""}`,
    };
}

/** The runbook's restore, literally: download the object, then `vault operator raft snapshot restore -force` it through the active pod. */
export async function restoreFromBucket(
    r: RaftRehearsal,
    upload: SnapshotUpload,
    opts: { emulator: Emulator; vaultBin: string; awsBin: string; workDir: string },
): Promise<void> {
    const file = path.join(opts.workDir, "restore.snap");
    await awsAdmin(opts.awsBin, opts.emulator)("s3", "cp", `s3://${upload.bucket}/${upload.key}`, file, "--only-show-errors");
    const leader = await r.leader();
    if (!leader) throw new Error("rehearsal: no active Vault to restore into");
    const caFile = path.join(opts.workDir, "restore-ca.crt");
    fs.writeFileSync(caFile, r.ca);
    await run(opts.vaultBin, ["operator", "raft", "snapshot", "restore", "-force", file], {
        PATH: process.env.PATH ?? "",
        HOME: opts.workDir,
        VAULT_ADDR: leader.address,
        VAULT_CACERT: caFile,
        VAULT_TOKEN: r.rootToken,
    });
}

/** The AWS CLI installed beside the emulator (scripts/rehearse/requirements.txt). */
export function awsCliPath(): string {
    const motoServer = execFileSync("bash", [path.join(__dirname, "setup-moto.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
    return path.join(path.dirname(motoServer), "aws");
}
