// Small helpers shared by rules: apply one check to every identity document a resource carries, find the account a
// resource or key policy belongs to, read booleans the AWS provider accepts as strings.
import { ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { documentsOf, IDENTITY_TYPES } from "./carriers";
import { PolicyDocument, readDocument, Statement, UnreadableDocument } from "./document";
import { ownAccountEvidence } from "./own-account";

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
 * The account a resource, key or trust policy belongs to: configured (accountId), else what the resource shows of
 * itself (lib/own-account.ts). Never guessed from the principals the policy admits.
 */
export function ownAccountOf(config: { accountId?: string }, type: string, doc: PolicyDocument, props: Record<string, any>): string | undefined {
    return config.accountId ?? ownAccountEvidence(type, props, doc);
}

/** The config every rule that places accounts takes: the stack's own account, and accounts deliberately trusted. */
export const ACCOUNT_CONFIG_SCHEMA = {
    properties: {
        accountId: { type: "string" as const, pattern: "^\\d{12}$" },
        trustedAccounts: { type: "array" as const, items: { type: "string" as const, pattern: "^\\d{12}$" }, default: [] },
    },
};

/** The AWS provider takes some booleans as strings ("true"). */
export function truthy(v: unknown): boolean {
    return v === true || v === "true";
}

export function describe(s: Statement): string {
    return s.sid ? `statement ${s.sid}` : "a statement";
}
