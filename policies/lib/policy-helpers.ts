// Small helpers shared by rules: apply one check to every identity document a resource carries, find the account a
// resource or key policy belongs to, read booleans the AWS provider accepts as strings.
import { ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { documentsOf, IDENTITY_TYPES } from "./carriers";
import { PolicyDocument, readDocument, Statement, UnreadableDocument } from "./document";
import { accountOf } from "./reach";

export type DocumentCheck = (doc: PolicyDocument, report: (message: string) => void, config: Record<string, any>) => void;
type ValidateArgs = Parameters<Exclude<ResourceValidationPolicy["validateResource"], undefined | any[]>>[0];

/** Reads a carried document, reporting (not throwing) when IAM would refuse it as unreadable. */
export function readOrReport(where: string, document: unknown, report: ReportViolation): PolicyDocument | undefined {
    try {
        return readDocument(document);
    } catch (err) {
        if (!(err instanceof UnreadableDocument)) throw err;
        report(`${where} is not a readable policy document: it ${err.message}.`);
        return undefined;
    }
}

/** validateResource for every resource type that carries identity documents (policies, inline role policies, …). */
export function forEachIdentityDocument(check: DocumentCheck): ResourceValidationPolicy["validateResource"] {
    return (args: ValidateArgs, reportViolation: ReportViolation) => {
        if (!IDENTITY_TYPES.includes(args.type)) return args.notApplicable("Policy only applies to identity policy documents");
        const config = args.getConfig<Record<string, any>>();
        for (const { where, document } of documentsOf(args.type, args.props).filter((d) => d.kind === "identity")) {
            const doc = readOrReport(where, document, reportViolation);
            if (doc) check(doc, (message) => reportViolation(`${where}: ${message}`), config);
        }
    };
}

/**
 * The account a resource or key policy belongs to: configured (accountId), else the one account its own ARNs name
 * (the resource's `arn` input, the document's Resource entries), else the one account the document's principals
 * and conditions name. Undefined when that is ambiguous.
 */
export function ownAccountOf(config: { accountId?: string }, doc: PolicyDocument, props: Record<string, any>, named: Iterable<string>): string | undefined {
    if (config.accountId) return config.accountId;
    const fromArns = new Set(
        [props.arn, props.keyArn, ...doc.statements.flatMap((s) => (s.resourcesNegated ? [] : (s.resources ?? [])))]
            .filter((r): r is string => typeof r === "string" && r.startsWith("arn:"))
            .map(accountOf)
            .filter((a): a is string => a !== undefined),
    );
    if (fromArns.size === 1) return [...fromArns][0];
    const candidates = new Set(named);
    return candidates.size === 1 ? [...candidates][0] : undefined;
}

/** The AWS provider takes some booleans as strings ("true"). */
export function truthy(v: unknown): boolean {
    return v === true || v === "true";
}

export function describe(s: Statement): string {
    return s.sid ? `statement ${s.sid}` : "a statement";
}
