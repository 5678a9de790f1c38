// strongroom:vaultDownloadUrl: the nodes fetch the release from it at boot (infra/vault-ec2/user-data.ts appends
// /<version>/<file>), and their security group lets them out on one port only (NODE_EGRESS_PORT): a mirror on
// any other port, with credentials in the URL (written into user data, readable on the instance) or with a query
// or fragment (the file names would land inside them) cannot work.
import { NODE_EGRESS_PORT } from "../infra/vault-ec2/security-groups";
import type { ConfigIssue } from "./config-error";

const KEY = "strongroom:vaultDownloadUrl";

export function downloadUrlIssues(url: string | undefined): ConfigIssue[] {
    if (url === undefined) return [];
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return []; // the key's own format check reports it
    }
    const issues: string[] = [];
    const port = parsed.port === "" ? 443 : Number(parsed.port);
    if (port !== NODE_EGRESS_PORT)
        issues.push(
            `is on port ${port}, but the nodes' security group lets them out on ${NODE_EGRESS_PORT} only (infra/vault-ec2/security-groups.ts); serve the mirror over https on ${NODE_EGRESS_PORT}`,
        );
    if (parsed.username || parsed.password) issues.push("carries credentials, which would be written into the nodes' user data; serve the mirror without them");
    if (parsed.search || parsed.hash)
        issues.push("has a query or fragment; the nodes append /<version>/<file> to the URL, so give the mirror's base path only");
    return issues.map((message) => ({ key: KEY, message: `${url} ${message}` }));
}
