// Upgrades a stack's Vault with the HA procedure: `npm run vault:upgrade -- --stack <name> --to <version>`.
// Run `pulumi config set strongroom:vaultVersion <version> && pulumi up` first: that changes what new nodes and
// pods start; this script then replaces the running ones in Vault's order (standbys first, the active node last).
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import * as fs from "fs";
import { Command, parseCommandLine, required, runMain, UsageError } from "./ops/cli";
import { explainVaultFailure } from "./ops/failures";
import { raftSnapshot } from "./ops/raft-snapshot";
import { readStackOutputs, StackOutputs } from "./ops/stack-outputs";
import { vaultClusterView } from "./ops/upgrade/cluster-view";
import { ec2Platform } from "./ops/upgrade/ec2-platform";
import { eksPlatform } from "./ops/upgrade/eks-platform";
import { rollingUpgrade, settledCluster, UpgradeStopped } from "./ops/upgrade/rolling";
import { gateProblems } from "./ops/upgrade/version-gate";
import { VAULT_FLAGS, vaultClient } from "./ops/vault-client";

const COMMAND: Command = {
    invocation: "VAULT_TOKEN=<token> npm run vault:upgrade --",
    summary:
        "Upgrades the stack's Vault nodes one at a time, standbys first and the active node last (SIGTERM, never a step-down), after a snapshot or PITR mark; refuses downgrades and known-broken releases.",
    flags: {
        ...VAULT_FLAGS,
        to: { type: "string", value: "<version>", description: "The Vault release to upgrade to (required); the stack must already deploy it (`pulumi up`)." },
        "node-timeout": {
            type: "string",
            value: "<seconds>",
            description: "Longest wait for one replaced node to be healthy on the new version. Default: 900.",
        },
        "snapshot-dir": {
            type: "string",
            value: "<dir>",
            description: "eks-raft: where the pre-upgrade Raft snapshot is written (mode 0600). Default: the current folder.",
        },
        "kube-context": {
            type: "string",
            value: "<name>",
            description: "eks-raft: the kubectl context of the stack's cluster. Default: kubectl's current context.",
        },
        "dry-run": { type: "boolean", description: "Run the pre-flight checks and print the order, and replace nothing." },
    },
};

let endpoint = "";

async function main(): Promise<number> {
    const flags = parseCommandLine(COMMAND, process.argv.slice(2));
    if (!flags) return 0;
    const stack = required(flags, "stack", COMMAND);
    const target = required(flags, "to", COMMAND);
    const token = process.env.VAULT_TOKEN;
    if (!token) throw new UsageError("VAULT_TOKEN is not set: export a token that may read sys/ha-status and sys/storage/raft/* (and take a snapshot)");
    const nodeTimeout = Number(flags["node-timeout"] ?? 900);
    if (!(nodeTimeout > 0)) throw new UsageError(`--node-timeout ${String(flags["node-timeout"])} is not a positive number of seconds`);
    const outputs = readStackOutputs(stack, typeof flags.outputs === "string" ? flags.outputs : undefined);
    const { client: vault, endpoint: address } = vaultClient(outputs, flags, token);
    endpoint = address;
    const raft = outputs.layout === "eks-raft";
    const view = vaultClusterView(vault, raft);
    const expected = Number(outputs.vaultNodes ?? 0);
    const nodes = (await settledCluster(view, expected || 1, 30_000)).nodes;
    if (nodes.length === 0) await view.haNodes(); // says why Vault did not answer
    const problems = gateProblems({ target, running: nodes.map((n) => n.version), deployed: outputs.vaultVersion, stack });
    if (problems.length > 0) throw new UsageError(`vault:upgrade refused; nothing was changed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    const say = (line: string) => process.stdout.write(`${line}\n`);
    const order = [...nodes.filter((n) => !n.active).sort((a, b) => a.hostname.localeCompare(b.hostname)), ...nodes.filter((n) => n.active)];
    say(`order: ${order.map((n) => `${n.hostname} (${n.active ? "active, last" : "standby"}, ${n.version})`).join(", ")}`);
    if (flags["dry-run"]) return 0;

    const platform = raft
        ? eksPlatform({
              namespace: outputs.vaultNamespace ?? "vault",
              kubectlArgs: typeof flags["kube-context"] === "string" ? ["--context", flags["kube-context"]] : [],
              // Through the address the operator reaches (a port-forward); Vault forwards it to the leader.
              snapshot: () => raftSnapshot(address, token, caOf(flags, outputs), 120_000),
              snapshotDir: typeof flags["snapshot-dir"] === "string" ? flags["snapshot-dir"] : process.cwd(),
          })
        : ec2Platform({
              autoScalingGroupName: requiredOutput(outputs.autoScalingGroupName, "autoScalingGroupName", stack),
              tableName: requiredOutput(outputs.tableName, "tableName", stack),
              alarmName: outputs.healthyNodesAlarmName,
              clients: {
                  autoScaling: new AutoScalingClient({ region: outputs.region }),
                  ec2: new EC2Client({ region: outputs.region }),
                  cloudWatch: new CloudWatchClient({ region: outputs.region }),
                  dynamodb: new DynamoDBClient({ region: outputs.region }),
              },
          });
    await rollingUpgrade(view, platform, {
        target,
        expectedNodes: expected || nodes.length,
        raft,
        nodeTimeoutMs: nodeTimeout * 1000,
        log: say,
    });
    return 0;
}

function caOf(flags: Record<string, string | boolean | undefined>, outputs: StackOutputs): string | undefined {
    return typeof flags["ca-cert"] === "string" ? fs.readFileSync(flags["ca-cert"], "utf8") : outputs.vaultCaCertPem;
}

function requiredOutput(value: string | undefined, name: string, stack: string): string {
    if (!value) throw new UsageError(`stack ${stack} has no output ${name}; run \`pulumi up\` with this version of Strongroom first`);
    return value;
}

runMain(main, (err) =>
    err instanceof UpgradeStopped || err instanceof UsageError
        ? `vault:upgrade: ${err.message}`
        : `vault:upgrade: ${explainVaultFailure(err, endpoint, "upgrading Vault") ?? (err instanceof Error ? err.message : String(err))}`,
);
