// The health probe Lambda: every minute, from inside the VPC, it asks each Vault node directly, reads leader and
// autopilot state with a narrow token, and publishes what it saw. A node that stays sealed stops reporting its own
// metrics; this probe still counts it, and an alarm with missing data treated as breaching catches a dead probe.
import { discoverNodes } from "./discovery";
import { datum, emfRecord, METRICS, Published } from "./metrics";
import { clusterState, isUnsealed, newestBackup, nodeHealth, pemExpiry } from "./observe";
import { readProbeSettings } from "./settings";

export interface ProbeDeps {
    readonly env?: NodeJS.ProcessEnv;
    /** Where the EMF record goes. Default: stdout, which Lambda ships to the function's log group. */
    readonly emit?: (line: string) => void;
    readonly now?: () => Date;
    readonly log?: (line: string) => void;
}

export interface ProbeResult {
    readonly published: Published[];
    /** What could not be observed, by kind (never a value or a token). */
    readonly errors: string[];
}

const DAY_MS = 86_400_000;

export function createProbe(deps: ProbeDeps = {}) {
    return async (): Promise<ProbeResult> => {
        const s = readProbeSettings(deps.env ?? process.env);
        const now = (deps.now ?? (() => new Date()))();
        const errors: string[] = [];
        const note = (what: string) => (err: unknown) => {
            errors.push(`${what}: ${err instanceof Error ? err.message.split("\n")[0].slice(0, 120) : String(err)}`);
            return undefined;
        };
        const data: Published[] = [];
        const put = (name: (typeof METRICS)[keyof typeof METRICS], value: number | undefined) =>
            value !== undefined && Number.isFinite(value) && data.push(datum(s.stack, name, value));

        const nodes = await discoverNodes(s.discovery, s.region, s.timeoutMs, s.nodeServerNameSuffix).catch(note("discovery"));
        if (nodes) {
            const health = await Promise.all(nodes.map((n) => nodeHealth(n, s)));
            const unsealed = health.filter(isUnsealed);
            put(METRICS.sealedNodes, Math.max(s.expectedNodes, nodes.length) - unsealed.length);
            put(METRICS.activeNodes, health.filter((h) => h.status === 200).length);
            const answering = nodes.filter((_, i) => isUnsealed(health[i]));
            const state = await clusterState(s, answering).catch(note("vault-state"));
            put(METRICS.failureTolerance, s.raft ? state?.failureTolerance : Math.max(0, unsealed.length - 1));
            const expiries = [...health.map((h) => h.certificateExpires), state?.certificateExpires, s.caPem ? pemExpiry(s.caPem) : undefined].filter(
                (d): d is Date => d instanceof Date && !isNaN(d.getTime()),
            );
            if (expiries.length > 0) put(METRICS.certificateDaysLeft, Math.floor((Math.min(...expiries.map((d) => d.getTime())) - now.getTime()) / DAY_MS));
            (deps.log ?? defaultLog)(
                JSON.stringify({ event: "probe", nodes: health.map((h) => ({ node: h.name, status: h.status, version: h.version })), leader: state?.leader }),
            );
        }
        const newest = await newestBackup(s.backup, s.region).catch(note("backups"));
        // No backup yet: nothing is published, and the alarm (missing data is breaching) says so.
        if (newest) put(METRICS.backupAgeSeconds, Math.round((now.getTime() - newest.getTime()) / 1000));

        const record = emfRecord(data, now);
        if (record) (deps.emit ?? defaultLog)(record);
        if (errors.length > 0) (deps.log ?? defaultLog)(JSON.stringify({ event: "probe-gaps", errors }));
        return { published: data, errors };
    };
}

function defaultLog(line: string): void {
    process.stdout.write(`${line}\n`);
}

export const handler = createProbe();
