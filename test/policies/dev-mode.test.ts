// Vault in dev mode (in memory, unsealed, root token printed, no TLS) is refused in every form a start command takes,
// on every resource type that carries user data or a container (issue #18, second review). Uses only the pack's
// entry points, so each case also ran against the pack before.
import * as assert from "assert";
import { gzipSync } from "node:zlib";
import { runPolicies } from "../../policies/offline";
import { goodOf } from "./good";

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
async function devVerdicts(type: string, props: Record<string, any>) {
    return (await runPolicies([{ type, name: "r", props }])).filter((v) => v.enforcementLevel === "mandatory" && /dev mode/.test(v.message));
}
const refused = async (type: string, props: Record<string, any>) =>
    assert.ok((await devVerdicts(type, props)).length > 0, `${type}: ${JSON.stringify(props).slice(0, 300)}`);
const accepted = async (type: string, props: Record<string, any>) => assert.deepStrictEqual(await devVerdicts(type, props), []);

/** Dev mode as a start command says it: flags Vault reads as dev mode (command/server.go). */
const DEV_COMMANDS = [
    "vault server -dev",
    "nohup vault server -dev -dev-listen-address=0.0.0.0:8200 >/var/log/vault.log 2>&1 &",
    "/usr/local/bin/vault server --dev",
    "exec vault server -dev=true -dev-root-token-id=root",
    "vault server -config /etc/vault.d -dev-tls",
    "vault server -dev-ha -dev-transactional",
    "sudo -u vault vault server -dev-auto-seal",
    "VAULT_DEV_ROOT_TOKEN_ID=root vault server -config=/etc/vault.d/vault.hcl",
    "vault server \\\n  -dev-kv-v1",
    "sh -c 'vault server -dev-no-kv'",
];
const NOT_DEV = [
    "vault server -config=/etc/vault.d/vault.hcl",
    "vault server -dev=false -config=/etc/vault.d",
    "# vault server -dev",
    "vault operator init -dev",
];

describe("Vault dev mode, in every start command", () => {
    const LT = "aws:ec2/launchTemplate:LaunchTemplate";
    describe("EC2 user data", () => {
        for (const cmd of DEV_COMMANDS)
            it(`refuses \`${cmd.split("\n")[0]}\` in a launch template's script`, () => refused(LT, { userData: b64(`#!/bin/bash\n${cmd}\n`) }));
        for (const cmd of NOT_DEV) it(`accepts \`${cmd}\``, () => accepted(LT, { userData: b64(`#!/bin/bash\n${cmd}\n`) }));
        const unit = "[Service]\nExecStart=/usr/bin/vault server -dev\n";
        it("refuses a systemd unit written by a heredoc, a cloud-config file, runcmd and bootcmd", async () => {
            await refused(LT, { userData: b64(`#!/bin/bash\ncat > /etc/systemd/system/vault.service <<'EOF'\n${unit}EOF\n`) });
            await refused(LT, {
                userData: b64(
                    `#cloud-config\nwrite_files:\n  - path: /etc/systemd/system/vault.service\n    content: |\n      [Service]\n      ExecStart=/usr/bin/vault server -dev\n`,
                ),
            });
            await refused(LT, { userData: b64(`#cloud-config\nwrite_files:\n  - path: /x\n    encoding: b64\n    content: ${b64(unit)}\n`) });
            await refused(LT, { userData: b64("#cloud-config\nruncmd:\n  - [vault, server, -dev]\n") });
            await refused(LT, { userData: b64("#cloud-config\nbootcmd:\n  - vault server -dev\n") });
        });
        it("refuses it inside gzip and MIME multi-part user data", async () => {
            await refused(LT, { userData: b64(gzipSync("#!/bin/bash\nvault server -dev\n")) });
            const mime = [
                'Content-Type: multipart/mixed; boundary="XYZ"',
                "MIME-Version: 1.0",
                "",
                "--XYZ",
                'Content-Type: text/x-shellscript; charset="us-ascii"',
                "Content-Transfer-Encoding: base64",
                "",
                b64("#!/bin/bash\nvault server -dev\n"),
                "--XYZ--",
                "",
            ].join("\n");
            await refused(LT, { userData: b64(mime) });
        });
        it("on every type that carries user data", async () => {
            const script = "#!/bin/bash\nvault server -dev\n";
            await refused("aws:ec2/instance:Instance", { userData: script });
            await refused("aws:ec2/instance:Instance", { userDataBase64: b64(script) });
            await refused("aws:ec2/launchConfiguration:LaunchConfiguration", { userData: script });
            await refused("aws:ec2/spotInstanceRequest:SpotInstanceRequest", { userData: script });
            await refused("aws:ec2/spotFleetRequest:SpotFleetRequest", { launchSpecifications: [{ userData: script }] });
            await refused("aws:lightsail/instance:Instance", { userData: script });
        });
    });

    describe("containers", () => {
        const pod = (container: object) => ({ spec: { containers: [container] } });
        const deployment = (container: object) => ({ spec: { template: { spec: { containers: [container] } } } });
        const cronJob = (container: object) => ({ spec: { jobTemplate: { spec: { template: { spec: { initContainers: [container] } } } } } });
        const WORKLOADS: [string, (c: object) => object][] = [
            ["kubernetes:core/v1:Pod", pod],
            ["kubernetes:apps/v1:Deployment", deployment],
            ["kubernetes:apps/v1:StatefulSet", deployment],
            ["kubernetes:apps/v1:DaemonSet", deployment],
            ["kubernetes:apps/v1:DeploymentPatch", deployment],
            ["kubernetes:batch/v1:Job", deployment],
            ["kubernetes:batch/v1:CronJob", cronJob],
        ];
        for (const [type, wrap] of WORKLOADS)
            it(`${type}: the Vault image left to its default command, -dev in command or args, and VAULT_DEV_* variables`, async () => {
                await refused(type, wrap({ name: "vault", image: "hashicorp/vault:1.21.1" }));
                await refused(type, wrap({ name: "vault", image: "public.ecr.aws/hashicorp/vault:1.21.1", args: ["server", "-dev"] }));
                await refused(
                    type,
                    wrap({
                        name: "vault",
                        image: "hashicorp/vault",
                        command: ["/bin/sh", "-ec"],
                        args: ["exec vault server -dev -dev-listen-address=0.0.0.0:8200"],
                    }),
                );
                await refused(type, wrap({ name: "v", image: "hashicorp/vault", args: ["server"], env: [{ name: "VAULT_DEV_ROOT_TOKEN_ID", value: "root" }] }));
                await accepted(type, wrap({ name: "vault", image: "hashicorp/vault:1.21.1", args: ["server"] }));
                await accepted(type, wrap({ name: "injector", image: "hashicorp/vault-k8s:1.7.0" }));
                await accepted(
                    type,
                    wrap({ name: "job", image: "hashicorp/vault:1.21.1", command: ["vault", "operator", "raft", "snapshot", "save", "/tmp/s"] }),
                );
            });
        it("ECS task definitions and Batch job definitions (entryPoint replaces the ENTRYPOINT, command the CMD)", async () => {
            await refused("aws:ecs/taskDefinition:TaskDefinition", {
                containerDefinitions: JSON.stringify([{ name: "vault", image: "hashicorp/vault:1.21.1" }]),
            });
            await refused("aws:ecs/taskDefinition:TaskDefinition", {
                containerDefinitions: JSON.stringify([{ name: "v", image: "hashicorp/vault", command: ["server", "-dev"] }]),
            });
            await accepted("aws:ecs/taskDefinition:TaskDefinition", {
                containerDefinitions: JSON.stringify([{ name: "v", image: "hashicorp/vault", command: ["server"] }]),
            });
            await refused("aws:batch/jobDefinition:JobDefinition", {
                containerProperties: JSON.stringify({ image: "busybox", command: ["vault", "server", "-dev"] }),
            });
        });
        it("App Runner services", () =>
            refused("aws:apprunner/service:Service", {
                sourceConfiguration: { imageRepository: { imageIdentifier: "public.ecr.aws/hashicorp/vault:1.21.1", imageRepositoryType: "ECR_PUBLIC" } },
            }));
    });

    describe("the vault Helm chart", () => {
        const RELEASE = "kubernetes:helm.sh/v3:Release";
        const release = (server: object) => {
            const props = goodOf(RELEASE);
            Object.assign(props.values.server, server);
            return props;
        };
        it("refuses server.dev.enabled (also as a string), dev flags in server.extraArgs, VAULT_DEV_* variables and dev containers", async () => {
            await refused(RELEASE, release({ dev: { enabled: true } }));
            await refused(RELEASE, release({ dev: { enabled: "true" } }));
            await refused(RELEASE, release({ extraArgs: "-dev-tls" }));
            await refused(RELEASE, release({ extraEnvironmentVars: { VAULT_DEV_ROOT_TOKEN_ID: "root" } }));
            await refused(RELEASE, release({ extraContainers: [{ name: "dev", image: "hashicorp/vault" }] }));
        });
        it("accepts the good release", () => accepted(RELEASE, release({ extraArgs: "-log-level=info" })));
    });
});
