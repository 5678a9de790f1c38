// Rescues Vault's unseal key when it has been scheduled for deletion or disabled (README runbook): cancels the
// deletion (KMS leaves the key disabled), enables it, and says what Vault does next. Touches nothing else.
//   npm run vault:key-rescue -- --stack <name> [--key-arn <arn>] [--dry-run]
import { CancelKeyDeletionCommand, DescribeKeyCommand, EnableKeyCommand, GetKeyRotationStatusCommand, KMSClient } from "@aws-sdk/client-kms";
import { Command, parseCommandLine, required, runMain, UsageError } from "./ops/cli";
import { readStackOutputs } from "./ops/stack-outputs";

const COMMAND: Command = {
    invocation: "npm run vault:key-rescue --",
    summary:
        "Cancels a scheduled deletion of the stack's unseal key (and of its DR replica) and enables it again if disabled. Needs AWS credentials allowed kms:DescribeKey, kms:CancelKeyDeletion and kms:EnableKey on the key (the account's administrators: the key policy gives administration to the account root).",
    flags: {
        stack: { type: "string", value: "<name>", description: "The Pulumi stack whose unseal key to rescue (required)." },
        outputs: { type: "string", value: "<file>", description: "Read the stack outputs from this JSON file instead of the Pulumi CLI." },
        "key-arn": { type: "string", value: "<arn>", description: "Rescue this key instead of the stack's (e.g. a key a seal migration left behind)." },
        "dry-run": { type: "boolean", description: "Only report each key's state and what would be done." },
        "aws-endpoint": { type: "string", value: "<url>", description: "Call KMS at this endpoint instead of AWS's (the rehearsal's emulator)." },
    },
};

/** What to do for a key in `state`, in KMS's own words (DescribeKey KeyState). */
export function rescuePlan(state: string): ("cancel-deletion" | "enable")[] {
    switch (state) {
        case "PendingDeletion":
        case "PendingReplicaDeletion":
            // CancelKeyDeletion leaves the key Disabled (AWS KMS docs, "Deleting AWS KMS keys"): enable it too.
            return ["cancel-deletion", "enable"];
        case "Disabled":
            return ["enable"];
        case "Enabled":
        case "Creating":
        case "Updating":
            return [];
        default:
            throw new Error(`the key is ${state}: nothing here can bring it back (a deleted key is gone; its replicas, if any, remain usable)`);
    }
}

async function rescue(kms: KMSClient, keyArn: string, dryRun: boolean, say: (line: string) => void): Promise<void> {
    const described = (await kms.send(new DescribeKeyCommand({ KeyId: keyArn }))).KeyMetadata!;
    const state = described.KeyState ?? "Unknown";
    const when = described.DeletionDate ? ` (deletion due ${described.DeletionDate.toISOString()})` : "";
    const plan = rescuePlan(state);
    say(`${keyArn}: ${state}${when}${plan.length === 0 ? ", nothing to do" : `; ${dryRun ? "would" : "will"}: ${plan.join(", then ")}`}`);
    if (dryRun) return;
    // By key id, in the key's region: what every KMS implementation takes (the rehearsal's emulator takes no ARN here).
    const keyId = described.KeyId!;
    if (plan.includes("cancel-deletion")) await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    if (plan.includes("enable")) await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    if (plan.length > 0) {
        const after = (await kms.send(new DescribeKeyCommand({ KeyId: keyArn }))).KeyMetadata!;
        const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyArn })).catch(() => undefined);
        say(`${keyArn}: now ${after.KeyState}${rotation ? `, rotation ${rotation.KeyRotationEnabled ? "on" : "OFF: turn it back on with `pulumi up`"}` : ""}`);
    }
}

async function main(): Promise<number> {
    const flags = parseCommandLine(COMMAND, process.argv.slice(2));
    if (!flags) return 0;
    const stack = required(flags, "stack", COMMAND);
    const outputs = readStackOutputs(stack, typeof flags.outputs === "string" ? flags.outputs : undefined) as unknown as Record<string, string>;
    const keys = typeof flags["key-arn"] === "string" ? [flags["key-arn"]] : [outputs.unsealKeyArn, outputs.drUnsealKeyArn].filter(Boolean);
    if (keys.length === 0) throw new UsageError(`stack ${stack} has no output unsealKeyArn; pass --key-arn`);
    const endpoint = typeof flags["aws-endpoint"] === "string" ? flags["aws-endpoint"] : undefined;
    const say = (line: string) => process.stdout.write(`${line}\n`);
    for (const arn of keys) {
        const region = arn.split(":")[3];
        const kms = new KMSClient({ region, ...(endpoint ? { endpoint } : {}) });
        await rescue(kms, arn, flags["dry-run"] === true, say);
    }
    if (flags["dry-run"] !== true)
        say(
            "Running Vault nodes kept their root key in memory; a node that restarted while the key was unusable unseals by itself on its next start (ec2: within RestartSec; eks: delete the sealed pod). Find who did it: the tamper alarm's message, or `aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=<key arn>`.",
        );
    return 0;
}

if (require.main === module) runMain(main, (err) => `vault:key-rescue: ${err instanceof Error ? err.message : String(err)}`);
