// Small helpers shared by rules: apply one check to every IAM policy document, read booleans the AWS provider
// accepts as strings.
import { ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { IAM_DOCUMENT_TYPES, permissionDocuments, Statement } from "./iam-document";

export type DocumentCheck = (statements: Statement[], report: (message: string) => void, config: Record<string, any>) => void;

/** validateResource for every resource type that carries IAM permission documents. */
export function forEachDocument(check: DocumentCheck): ResourceValidationPolicy["validateResource"] {
    const validate = (args: Parameters<Exclude<ResourceValidationPolicy["validateResource"], undefined | any[]>>[0], reportViolation: ReportViolation) => {
        if (!IAM_DOCUMENT_TYPES.includes(args.type)) return args.notApplicable(`Policy only applies to IAM policy documents`);
        const config = args.getConfig<Record<string, any>>();
        for (const { where, statements } of permissionDocuments(args.type, args.props)) {
            if (!statements) {
                reportViolation(`${where} is not a readable IAM policy document.`);
                continue;
            }
            check(statements, (message) => reportViolation(`${where}: ${message}`), config);
        }
    };
    return validate;
}

/** The AWS provider takes some booleans as strings ("true"). */
export function truthy(v: unknown): boolean {
    return v === true || v === "true";
}

export function describe(s: Statement): string {
    return s.sid ? `statement ${s.sid}` : "a statement";
}
