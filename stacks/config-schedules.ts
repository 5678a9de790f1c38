// Schedule expressions, checked as the service that runs them does:
// - EventBridge (strongroom:replicationSchedule) and AWS Backup (strongroom:tableBackupSchedule) take AWS cron's six
//   fields and, EventBridge, rate(); https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
//   and .../eb-rate-expressions.html: "If the value is equal to 1, then the unit must be singular ... rate(1 hours)
//   and rate(5 hour) aren't valid"; "You can't use * in both the Day-of-month and Day-of-week fields. If you use it
//   in one, you must use ? in the other". AWS Backup refuses a rule whose jobs come less than 60 minutes apart
//   ("The interval between backup jobs shouldn't be less than 60 minutes", https://repost.aws/questions/QUwYlivOoWTHi1nSuSGjTVFg).
// - Kubernetes CronJobs (strongroom:snapshotSchedule) take five fields or a macro (@yearly, @annually, @monthly,
//   @weekly, @daily, @midnight, @hourly); a TZ= prefix is refused, the time zone is a field of its own
//   (https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax).
import { z } from "zod";

interface FieldRule {
    readonly name: string;
    readonly min: number;
    readonly max: number;
    readonly names?: readonly string[];
    /** Tokens besides numbers, ranges, lists and steps (e.g. ? L W #). */
    readonly special?: RegExp;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const AWS_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]; // 1-7
const AWS_FIELDS: readonly FieldRule[] = [
    { name: "minutes", min: 0, max: 59 },
    { name: "hours", min: 0, max: 23 },
    { name: "day-of-month", min: 1, max: 31, special: /^(\?|L|LW|([1-9]|[12]\d|3[01])W)$/i },
    { name: "month", min: 1, max: 12, names: MONTHS },
    { name: "day-of-week", min: 1, max: 7, names: AWS_DAYS, special: /^(\?|L|[1-7]L|[1-7]#[1-5]|(SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5]))$/i },
    { name: "year", min: 1970, max: 2199 },
];
const K8S_FIELDS: readonly FieldRule[] = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day-of-month", min: 1, max: 31, special: /^\?$/ },
    { name: "month", min: 1, max: 12, names: MONTHS },
    { name: "day-of-week", min: 0, max: 6, names: AWS_DAYS.map((d) => d), special: /^\?$/ },
];
const K8S_MACROS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
const RATE_UNITS = { minute: 1, hour: 60, day: 1440 } as const;

/** The values a field selects, or why it is not one; `special` tokens select nothing countable (they are days). */
function expandField(text: string, rule: FieldRule): { values: number[] } | { problem: string } {
    const values = new Set<number>();
    const number = (t: string): number | undefined => {
        if (/^\d+$/.test(t)) return Number(t);
        const i = rule.names?.indexOf(t.toUpperCase()) ?? -1;
        return i >= 0 ? i + rule.min : undefined;
    };
    const parts = text.split(",");
    if (parts.length > 1 && parts.some((p) => rule.special?.test(p) && p.includes("#"))) return { problem: `${rule.name} takes one # expression only` };
    for (const part of parts) {
        if (rule.special?.test(part)) {
            if (part === "?" && parts.length > 1) return { problem: `${rule.name} cannot list ? with other values` };
            continue;
        }
        const m = /^(\*|[^-/]+)(?:-([^/]+))?(?:\/(\d+))?$/.exec(part);
        if (!m) return { problem: `${rule.name} "${part}" is not a value, range, list or step` };
        const from = m[1] === "*" ? rule.min : number(m[1]);
        const to = m[2] !== undefined ? number(m[2]) : m[1] === "*" || m[3] !== undefined ? rule.max : from;
        const step = m[3] !== undefined ? Number(m[3]) : 1;
        if (from === undefined || to === undefined) return { problem: `${rule.name} "${part}" is not a value, range, list or step` };
        if (from < rule.min || from > rule.max || to < rule.min || to > rule.max)
            return {
                problem: `${rule.name} "${part}" is outside ${rule.min}-${rule.max}${rule.names ? ` (or ${rule.names[0]}-${rule.names[rule.names.length - 1]})` : ""}`,
            };
        if (step < 1) return { problem: `${rule.name} "${part}" has a step of 0` };
        if (m[1] === "*" && m[2] !== undefined) return { problem: `${rule.name} "${part}" is not a value, range, list or step` };
        if (to < from) return { problem: `${rule.name} "${part}" runs backwards` };
        for (let v = from; v <= to; v += step) values.add(v);
    }
    return { values: [...values].sort((a, b) => a - b) };
}

/** The shortest time between two runs, in minutes, from the minutes and hours fields (runs on consecutive days assumed). */
function shortestGap(minutes: number[], hours: number[]): number {
    const times = hours.flatMap((h) => minutes.map((m) => h * 60 + m)).sort((a, b) => a - b);
    if (times.length === 0) return Infinity;
    let gap = 1440 - times[times.length - 1] + times[0];
    for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i] - times[i - 1]);
    return gap;
}

interface Parsed {
    /** Minutes between runs at the fastest. */
    readonly everyMinutes: number;
}

function awsCron(body: string): Parsed | string {
    const fields = body.trim().split(/\s+/);
    if (fields.length !== 6) return `AWS cron takes six fields (minutes hours day-of-month month day-of-week year); this has ${fields.length}`;
    const expanded = fields.map((f, i) => expandField(f, AWS_FIELDS[i]));
    for (const e of expanded) if ("problem" in e) return e.problem;
    const [dom, dow] = [fields[2], fields[4]];
    if ((dom === "?") === (dow === "?"))
        return dom === "?"
            ? "cannot have ? in both day-of-month and day-of-week; give a day in one of them"
            : `cannot give both day-of-month (${dom}) and day-of-week (${dow}); put ? in one of them, e.g. cron(0 3 * * ? *)`;
    const [minutes, hours] = expanded as { values: number[] }[];
    return { everyMinutes: shortestGap(minutes.values, hours.values) };
}

/** rate(value unit): a whole number of at least 1, the unit singular for 1 and plural above. */
function rate(body: string): Parsed | string {
    const m = /^(\d+) ([a-z]+)$/.exec(body.trim());
    if (!m) return "rate() takes a value and a unit, like rate(30 minutes)";
    const value = Number(m[1]);
    const unit = m[2];
    const singular = unit.replace(/s$/, "") as keyof typeof RATE_UNITS;
    if (!(singular in RATE_UNITS)) return `rate() takes minute(s), hour(s) or day(s), not ${unit}`;
    if (value < 1 || /^0\d/.test(m[1])) return "rate() needs a whole number of at least 1";
    if (value === 1 && unit !== singular) return `rate(1 ${unit}) is refused by EventBridge: a value of 1 takes the singular, rate(1 ${singular})`;
    if (value > 1 && unit === singular)
        return `rate(${value} ${unit}) is refused by EventBridge: a value above 1 takes the plural, rate(${value} ${singular}s)`;
    return { everyMinutes: value * RATE_UNITS[singular] };
}

/** An EventBridge schedule expression, its fastest interval in minutes, or why EventBridge refuses it. */
export function parseEventBridgeSchedule(expression: string): Parsed | string {
    const m = /^(rate|cron)\((.*)\)$/.exec(expression.trim());
    if (!m) return "must be an EventBridge expression like rate(30 minutes) or cron(0/30 * * * ? *)";
    return m[1] === "rate" ? rate(m[2]) : awsCron(m[2]);
}

/** An AWS Backup schedule (cron only), its fastest interval in minutes, or why AWS Backup refuses it. */
export function parseBackupSchedule(expression: string): Parsed | string {
    const m = /^cron\((.*)\)$/.exec(expression.trim());
    if (!m) return "must be an AWS Backup cron expression like cron(0 3 * * ? *)";
    return awsCron(m[1]);
}

/** A Kubernetes CronJob schedule, or why the API server refuses it. */
export function kubernetesScheduleProblem(expression: string): string | undefined {
    const text = expression.trim();
    if (/^(CRON_)?TZ=/i.test(text)) return "a TZ= or CRON_TZ= prefix is refused by the API server; write the schedule in UTC";
    if (text.startsWith("@")) return K8S_MACROS.includes(text) ? undefined : `Kubernetes' macros are ${K8S_MACROS.join(", ")}`;
    const fields = text.split(/\s+/);
    if (fields.length !== 5)
        return `a Kubernetes cron schedule has five fields (minute hour day-of-month month day-of-week), or is a macro like @daily; this has ${fields.length}`;
    for (let i = 0; i < 5; i++) {
        const e = expandField(fields[i], K8S_FIELDS[i]);
        if ("problem" in e) return e.problem;
    }
    return undefined;
}

/** Zod type for an EventBridge schedule whose runs come at least `minutes` apart (`why` says why). */
export function eventBridgeSchedule(minutes: number, why: string) {
    return z.string().superRefine((value, ctx) => {
        const parsed = parseEventBridgeSchedule(value);
        if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
        else if (parsed.everyMinutes < minutes)
            ctx.addIssue({
                code: "custom",
                message: `runs every ${parsed.everyMinutes} minutes at the fastest; it must be at least ${minutes} minutes apart (${why})`,
            });
    });
}

/** Zod type for an AWS Backup schedule: AWS cron, jobs at least 60 minutes apart. */
export const backupSchedule = z.string().superRefine((value, ctx) => {
    const parsed = parseBackupSchedule(value);
    if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
    else if (parsed.everyMinutes < 60)
        ctx.addIssue({
            code: "custom",
            message: `runs backup jobs ${parsed.everyMinutes} minutes apart at the fastest; AWS Backup needs at least 60, e.g. cron(0 * * * ? *) for hourly`,
        });
});

/** Zod type for a Kubernetes CronJob schedule. */
export const kubernetesSchedule = z.string().superRefine((value, ctx) => {
    const problem = kubernetesScheduleProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});
