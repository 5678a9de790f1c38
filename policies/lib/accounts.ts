// Which AWS account a principal or condition value names. A bare 12-digit id in a Principal is that account's root
// (IAM docs, "AWS account principals"), exactly like arn:<partition>:iam::<id>:root.
import { Statement } from "./iam-document";

const ACCOUNT_ID = /^\d{12}$/;
/** The account field of any ARN (arn:partition:service:region:account:…). */
const ARN_ACCOUNT = /^arn:aws[a-z-]*:[^:]*:[^:]*:(\d{12}):/;
/** Condition keys whose values are account ids. */
const ACCOUNT_KEYS = ["kms:calleraccount", "aws:principalaccount", "aws:sourceaccount", "aws:resourceaccount"];
/** Condition keys whose values are principal ARNs. */
const PRINCIPAL_ARN_KEYS = ["aws:principalarn", "aws:sourcearn"];

export function accountOf(principal: string): string | undefined {
    if (ACCOUNT_ID.test(principal)) return principal;
    return ARN_ACCOUNT.exec(principal)?.[1];
}

export function isAccountRoot(principal: string, account?: string): boolean {
    const root = ACCOUNT_ID.test(principal) ? principal : /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(principal)?.[1];
    return root !== undefined && (account === undefined || root === account);
}

/** Every account a document names, through its principals or its account and principal-ARN conditions. */
export function accountsNamed(statements: Statement[]): Set<string> {
    const accounts = new Set<string>();
    for (const s of statements) {
        for (const p of [...(s.principals?.AWS ?? []), ...(s.principals?.["*"] ?? [])]) {
            const account = accountOf(p);
            if (account) accounts.add(account);
        }
        for (const conditions of Object.values(s.conditions ?? {})) {
            for (const [key, values] of Object.entries(conditions)) {
                const k = key.toLowerCase();
                if (ACCOUNT_KEYS.includes(k)) values.filter((v) => ACCOUNT_ID.test(v)).forEach((v) => accounts.add(v));
                if (PRINCIPAL_ARN_KEYS.includes(k)) values.map(accountOf).forEach((a) => a && accounts.add(a));
            }
        }
    }
    return accounts;
}
