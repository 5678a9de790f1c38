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
}

export function readStackOutputs(stack: string, file?: string): StackOutputs {
    let raw: string;
    if (file) raw = fs.readFileSync(file, "utf8");
    else {
        try {
            // Secrets stay encrypted: nothing these scripts need is secret.
            raw = execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        } catch (err) {
            throw new Error(`could not read the outputs of stack ${stack} with the Pulumi CLI (${(err as Error).message.split("\n")[0]}); run \`pulumi login\` first, or pass --outputs <file> with \`pulumi stack output --json\``);
        }
    }
    const outputs = JSON.parse(raw);
    for (const key of ["layout", "region", "vaultAddress"]) {
        if (!outputs[key]) throw new Error(`stack ${stack} has no output ${key}; run \`pulumi up\` for it first`);
    }
    return outputs as StackOutputs;
}
