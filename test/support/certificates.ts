// Every certificate a plan issues, with how it is renewed before it expires and how the server that presents it
// picks the new one up. A certificate with no such path expires in service; the mock runtime never notices.
//
// Renewal paths this model accepts:
// - cert-manager: a Certificate with renewBefore shorter than its duration is re-issued into its Secret, by the
//   controller, before it expires (https://cert-manager.io/docs/usage/certificate/#renewal);
// - a systemd timer the boot script installs, re-issuing before expiry (infra/vault-ec2/tls-renewal.ts);
// - a trust anchor Pulumi makes (a self-signed CA certificate that clients pin): re-created by any `pulumi up` in its
//   early-renewal window. Only for anchors of at least ten years with two years of early renewal: clients can learn
//   a new anchor only from the deploy, and two years leave room for the routine `pulumi up` of upgrades.
// Reload paths: Vault re-reads tls_cert_file on SIGHUP (https://developer.hashicorp.com/vault/docs/configuration/listener/tcp),
// sent by the reloader sidecar (EKS) or `systemctl reload vault` (EC2, ExecReload); a pod that starts per run
// (CronJob) reads the file afresh; an ALB serves the certificate its listener names.
import { RecordedResource } from "../../scripts/offline/recorder";

const HOUR = 1;
const YEAR = 365 * 24 * HOUR;
export const ANCHOR_MIN_VALIDITY_HOURS = 10 * YEAR;
export const ANCHOR_MIN_EARLY_RENEWAL_HOURS = 2 * YEAR;

export interface IssuedCertificate {
    readonly where: string;
    /** How it is renewed, or why it is not. */
    readonly renewal: string;
    /** How the server presenting it picks up the new one, or why it does not. */
    readonly reload: string;
    readonly problems: string[];
}

const hours = (duration: string) => Number(/^(\d+)h$/.exec(duration)?.[1] ?? NaN);

function pulumiIssued(r: RecordedResource): IssuedCertificate {
    const i = r.inputs;
    const anchor = i.isCaCertificate === true && r.type === "tls:index/selfSignedCert:SelfSignedCert";
    const problems: string[] = [];
    if (!anchor)
        problems.push(
            `${r.name}: a ${r.type.split(":").pop()} that is not a self-signed CA is renewed only if someone runs pulumi up in its last ${i.earlyRenewalHours ?? 0} hours`,
        );
    else if (i.validityPeriodHours < ANCHOR_MIN_VALIDITY_HOURS || (i.earlyRenewalHours ?? 0) < ANCHOR_MIN_EARLY_RENEWAL_HOURS)
        problems.push(
            `${r.name}: a trust anchor valid ${i.validityPeriodHours} h with ${i.earlyRenewalHours ?? 0} h of early renewal; anchors need ${ANCHOR_MIN_VALIDITY_HOURS} h and ${ANCHOR_MIN_EARLY_RENEWAL_HOURS} h, so routine deploys renew them`,
        );
    return { where: r.name, renewal: "pulumi up, in its early-renewal window", reload: "its consumers are updated by the same pulumi up", problems };
}

function certManagerIssued(r: RecordedResource, resources: readonly RecordedResource[]): IssuedCertificate {
    const spec = r.inputs.spec ?? {};
    const problems: string[] = [];
    const duration = hours(spec.duration ?? "2160h");
    const before = hours(spec.renewBefore ?? "");
    if (!(before > 0 && before < duration)) problems.push(`${r.name}: renewBefore ${spec.renewBefore} must be set and shorter than duration ${spec.duration}`);
    const secret = spec.secretName as string;
    const reloads: string[] = [];
    for (const release of resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release")) {
        const server = release.inputs.values?.server;
        const volume = (server?.volumes ?? []).find((v: any) => v.secret?.secretName === secret);
        if (!volume) continue;
        const reloader = (server.extraContainers ?? []).find(
            (c: any) => (c.volumeMounts ?? []).some((m: any) => m.name === volume.name) && /\bp?kill -HUP\b/.test((c.command ?? []).join(" ")),
        );
        if (!reloader || server.shareProcessNamespace !== true)
            problems.push(`${release.name}: mounts ${secret}, but no sidecar sharing the pod's processes sends Vault SIGHUP when it changes`);
        else reloads.push(`${release.name}: ${reloader.name} sends SIGHUP`);
    }
    for (const job of resources.filter((x) => x.type === "kubernetes:batch/v1:CronJob")) {
        if (JSON.stringify(job.inputs).includes(`"secretName":"${secret}"`)) reloads.push(`${job.name}: a new pod per run reads it afresh`);
    }
    if (reloads.length === 0 && problems.length === 0) problems.push(`${r.name}: nothing is known to serve ${secret}`);
    return { where: r.name, renewal: `cert-manager, ${spec.renewBefore} before expiry`, reload: reloads.join("; "), problems };
}

function bootScriptIssued(r: RecordedResource): IssuedCertificate | undefined {
    const script = Buffer.from(String(r.inputs.userData ?? ""), "base64").toString("utf8");
    if (!/openssl req -x509/.test(script)) return undefined;
    const problems: string[] = [];
    if (!/systemctl enable --now vault-tls-renew\.timer/.test(script) || !/openssl x509 -checkend/.test(script))
        problems.push(`${r.name}: the boot script issues the node's certificate, and nothing renews it`);
    if (!/systemctl reload vault/.test(script) || !/ExecReload=\/bin\/kill --signal HUP/.test(script))
        problems.push(`${r.name}: a renewed certificate is not reloaded (no SIGHUP to Vault)`);
    return { where: `${r.name} (user data)`, renewal: "the vault-tls-renew timer", reload: "systemctl reload vault (SIGHUP)", problems };
}

/** Every certificate the plan issues, with its paths and problems. */
export function issuedCertificates(resources: readonly RecordedResource[]): IssuedCertificate[] {
    const found: IssuedCertificate[] = [];
    for (const r of resources) {
        switch (r.type) {
            case "tls:index/selfSignedCert:SelfSignedCert":
            case "tls:index/locallySignedCert:LocallySignedCert":
                found.push(pulumiIssued(r));
                break;
            case "kubernetes:cert-manager.io/v1:Certificate":
                found.push(certManagerIssued(r, resources));
                break;
            case "aws:acm/certificate:Certificate":
                // Imported (the body is one of the plan's Pulumi-issued certificates, judged above) or ACM-issued
                // (renewed by ACM's managed renewal); a private CA's would need its own path.
                if (r.inputs.certificateAuthorityArn)
                    found.push({ where: r.name, renewal: "none known", reload: "", problems: [`${r.name}: a private-CA certificate the model does not know`] });
                break;
            case "aws:ec2/launchTemplate:LaunchTemplate": {
                const boot = bootScriptIssued(r);
                if (boot) found.push(boot);
                break;
            }
        }
    }
    return found;
}
