// The longest gap between two runs of a schedule, for "older than twice its interval" alarms. Reads Kubernetes
// cron (5 fields) and AWS cron(…) / rate(…) expressions; croner (MIT, no dependencies) walks the calendar.
import { Cron } from "croner";

const UNIT_SECONDS: Record<string, number> = { minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86_400, days: 86_400 };

export function longestIntervalSeconds(expression: string): number {
    const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression.trim());
    if (rate) return Number(rate[1]) * UNIT_SECONDS[rate[2]];
    const aws = /^cron\((.+)\)$/.exec(expression.trim());
    // AWS: minutes hours day-of-month month day-of-week year. Its `?` is "any"; its weekdays count from 1, which
    // shifts every day alike and so changes no gap.
    const fields = (aws ? aws[1].split(/\s+/).slice(0, 5) : expression.trim().split(/\s+/)).map((f) => (f === "?" ? "*" : f));
    if (fields.length !== 5) throw new Error(`"${expression}" is not a cron expression with 5 fields (or AWS's 6)`);
    const cron = new Cron(fields.join(" "), { timezone: "UTC", paused: true });
    // Two years of runs cover every month length and weekday pattern.
    let previous = cron.nextRun(new Date(Date.UTC(2025, 0, 1)));
    if (!previous) throw new Error(`"${expression}" never runs`);
    const until = Date.UTC(2027, 0, 1);
    let longest = 0;
    for (let runs = 0; previous.getTime() < until && runs < 20_000; runs++) {
        const next = cron.nextRun(previous);
        if (!next) break;
        longest = Math.max(longest, (next.getTime() - previous.getTime()) / 1000);
        previous = next;
    }
    return longest;
}
