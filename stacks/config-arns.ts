// ARNs given in config must name something that can exist where the stack deploys:
// - certificateArn: an ACM certificate of the stack's own Region and partition ("To use a certificate with Elastic
//   Load Balancing ..., you must request or import the certificate in the same Region",
//   https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html), its id a UUID.
// - IAM role ARNs (cluster admins and viewers, secret readers): a role name of 1-64 characters of [\w+=,.@-] and a
//   path of "/" or "/…/" within 512 characters (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html);
//   "IAM user, group, role, and policy names must be unique within the account. Names are not distinguished by
//   case", whatever the path, so two spellings of one name are one role; and EKS allows one access entry per
//   principal (https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html).
import { awsRegion } from "../infra/aws-regions";
import type { ConfigIssue } from "./config-error";

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^\/([\u0021-\u007e]+\/)?$/;
const MAX_PATH_CHARS = 512;
const CERTIFICATE = /^arn:([a-z-]+):acm:([a-z0-9-]+):(\d{12}):certificate\/(.+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface RoleArn {
    readonly partition: string;
    readonly account: string;
    readonly path: string;
    readonly name: string;
}

/** The parts of an IAM role ARN; undefined when it is not one. */
export function parseRoleArn(arn: string): RoleArn | undefined {
    const m = /^arn:([a-z-]+):iam::(\d{12}):role(\/.*)$/.exec(arn);
    if (!m) return undefined;
    const cut = m[3].lastIndexOf("/");
    return { partition: m[1], account: m[2], path: m[3].slice(0, cut + 1), name: m[3].slice(cut + 1) };
}

/** Problems with one role ARN on its own; `region` gives the partition it must be in. */
function roleArnProblem(arn: string, region: string): string | undefined {
    const role = parseRoleArn(arn);
    if (!role) return undefined; // the key's own format check reports it
    const partition = awsRegion(region)?.partition;
    if (partition && role.partition !== partition) return `${arn} is in partition ${role.partition}, but ${region} is in ${partition}: arn:${partition}:iam::…`;
    if (role.name.length > 64)
        return `${arn}: the role name ${role.name} is ${role.name.length} characters long; IAM role names have at most 64, so no such role exists`;
    if (!ROLE_NAME.test(role.name)) return `${arn}: the role name "${role.name}" may use only letters, digits and _ + = , . @ -`;
    if (!ROLE_PATH.test(role.path) || role.path.length > MAX_PATH_CHARS)
        return `${arn}: the role path "${role.path}" must be / or /…/ of printable ASCII, at most ${MAX_PATH_CHARS} characters`;
    return undefined;
}

/** The identity of the role an ARN names: account and name, case-insensitively and whatever the path. */
export function roleIdentity(arn: string): string | undefined {
    const role = parseRoleArn(arn);
    return role && `${role.account}:${role.name.toLowerCase()}`;
}

/** One list of role ARNs: each well formed for the Region, each role once. */
export function roleListIssues(key: string, arns: readonly string[] | undefined, region: string): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const seen = new Map<string, number>();
    (arns ?? []).forEach((arn, i) => {
        const problem = roleArnProblem(arn, region);
        if (problem) issues.push({ key: `strongroom:${key}[${i}]`, message: problem });
        const id = roleIdentity(arn);
        if (id === undefined) return;
        const first = seen.get(id);
        if (first === undefined) seen.set(id, i);
        else
            issues.push({
                key: `strongroom:${key}[${i}]`,
                message: `${arn} names the same IAM role as item [${first}] (${arns![first]}): role names are unique in an account whatever their case or path, and EKS takes one access entry per role. Remove one`,
            });
    });
    return issues;
}

/**
 * A viewer that is an admin too, spelt differently (the exact same ARN is reported by config-eks.ts): a role name
 * differing only in case or path is the same role, or one that does not exist.
 */
export function viewerAdminIssues(admins: readonly string[] | undefined, viewers: readonly string[] | undefined): ConfigIssue[] {
    const adminIds = new Map((admins ?? []).map((arn, i) => [roleIdentity(arn), { arn, i }] as const));
    return (viewers ?? []).flatMap((arn, i) => {
        const admin = adminIds.get(roleIdentity(arn));
        if (!admin || roleIdentity(arn) === undefined || (admins ?? []).includes(arn)) return [];
        return [
            {
                key: `strongroom:clusterViewerRoleArns[${i}]`,
                message: `${arn} is the role strongroom:clusterAdminRoleArns[${admin.i}] names (${admin.arn}): IAM role names are unique in an account whatever their case or path. A viewer (the CI preview role runs unreviewed pull-request code) must never be an admin: remove it from clusterAdminRoleArns`,
            },
        ];
    });
}

/** certificateArn: an ACM certificate of the stack's Region, partition and an ACM id. */
export function certificateArnIssues(arn: string | undefined, region: string): ConfigIssue[] {
    const m = arn === undefined ? null : CERTIFICATE.exec(arn);
    if (!m) return [];
    const [, partition, certRegion, , id] = m;
    const problems: string[] = [];
    const want = awsRegion(region)?.partition;
    if (certRegion !== region)
        problems.push(
            `is in ${certRegion}, but the stack deploys to ${region}: a load balancer uses ACM certificates of its own Region only. Request or import it in ${region}`,
        );
    if (want && partition !== want) problems.push(`is in partition ${partition}; ${region} is in ${want} (arn:${want}:acm:…)`);
    if (!UUID.test(id)) problems.push(`has certificate id "${id}"; ACM ids are UUIDs like 0b6a5c1e-7d2f-4c8e-9a51-3f0e2d4b6c7a`);
    return problems.map((p) => ({ key: "strongroom:certificateArn", message: `${arn} ${p}` }));
}
