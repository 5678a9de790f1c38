// A stack's outputs, from the Pulumi CLI (`pulumi stack output --json`) or from a JSON file (--outputs).
import { execFileSync } from "child_process";
import * as fs from "fs";

export interface StackOutputs {
    readonly layout: "ec2-dynamodb" | "eks-raft";
    readonly region: string;
    readonly vaultAddress: string;
    readonly vaultCaCertPem?: string;
    readonly replicationKvMount?: string;
    readonly replicationAuthMethod?: "aws" | "token";
    readonly replicationRoleArn?: string;
    readonly replicationConnectionSecretArn?: string;
    readonly vaultNamespace?: string;
    /** eks-raft: the Raft snapshot the first `vault:init` restores (strongroom:restoreFrom). */
    readonly restoreFrom?: string;
    /** Vault nodes (ec2-dynamodb) or Raft replicas (eks-raft) the stack runs. */
    readonly vaultNodes?: number;
    /** The Vault release the stack's nodes and pods are configured to run. */
    readonly vaultVersion?: string;
    /** The health probe's IAM role, which vault:configure binds to a read-only Vault role. */
    readonly probeRoleArn?: string;
    readonly autoScalingGroupName?: string;
    readonly tableName?: string;
    readonly snapshotBucket?: string;
    readonly healthyNodesAlarmName?: string;
}

const FROM_FILE = "or pass --outputs <file> holding `pulumi stack output --json` from a machine that has the CLI";

export function readStackOutputs(stack: string, file?: string, pulumi = "pulumi"): StackOutputs {
    const raw = file ? readFile(file) : fromCli(stack, pulumi);
    let outputs: Record<string, unknown>;
    try {
        outputs = JSON.parse(raw);
    } catch (err) {
        throw new Error(
            `the outputs of stack ${stack}${file ? ` in ${file}` : ""} are not JSON; write them with \`pulumi stack output --json --stack ${stack}\``,
            { cause: err },
        );
    }
    for (const key of ["layout", "region", "vaultAddress"]) {
        if (!outputs[key]) throw new Error(`stack ${stack} has no output ${key}; run \`pulumi up\` for it first`);
    }
    return outputs as unknown as StackOutputs;
}

function readFile(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new Error(
            `--outputs ${file} could not be read (${(err as NodeJS.ErrnoException).code ?? "error"}); give the path of a file written by \`pulumi stack output --json\``,
            { cause: err },
        );
    }
}

function fromCli(stack: string, pulumi: string): string {
    try {
        // Secrets stay encrypted: nothing these scripts need is secret.
        return execFileSync(pulumi, ["stack", "output", "--json", "--stack", stack], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
    } catch (err) {
        const e = err as NodeJS.ErrnoException & { stderr?: string };
        if (e.code === "ENOENT")
            throw new Error(`the Pulumi CLI (\`${pulumi}\`) is not on PATH; install it (https://www.pulumi.com/docs/install/) ${FROM_FILE}`, { cause: err });
        const said = (e.stderr ?? "").split("\n").find((l) => l.trim()) ?? e.message.split("\n")[0];
        const hint = /login|not logged in|PULUMI_ACCESS_TOKEN/i.test(said)
            ? "run `pulumi login` first"
            : /no stack named|not found/i.test(said)
              ? `check the stack name (\`pulumi stack ls\`)`
              : "check the message above";
        throw new Error(`\`pulumi stack output --json --stack ${stack}\` failed: ${said.trim()}; ${hint}, ${FROM_FILE}`, { cause: err });
    }
}
