// aws:region must be a Region AWS has, and strongroom:azCount at most the zones it has: AWS's own tables, vendored
// in vendor/aws-regions (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html and
// .../aws-availability-zones.html). The network also asks the account for its zones at deploy time.
import { closest, distance } from "fastest-levenshtein";
import { AWS_REGIONS, awsRegion } from "../infra/aws-regions";
import type { ConfigIssue } from "./config-error";

const TABLE = "vendor/aws-regions/regions.json";

/** Why `region` (given as `key`) is not a Region an AWS account provides; empty when it is one. */
export function regionIssues(region: string, key = "aws:region"): ConfigIssue[] {
    if (awsRegion(region)) return [];
    const issue = (message: string) => [{ key, message: `is "${region}": ${message}` }];
    const zoneOf = /^([a-z]{2}-[a-z]+-\d+)[a-z]$/.exec(region);
    if (zoneOf && awsRegion(zoneOf[1])) {
        return issue(`that is an Availability Zone of ${zoneOf[1]}, not a Region; set the Region: \`pulumi config set ${key} ${zoneOf[1]}\``);
    }
    const codes = AWS_REGIONS.map((r) => r.code);
    const near = closest(region.toLowerCase(), codes);
    const hint = distance(region.toLowerCase(), near) <= 2 ? `did you mean ${near}? ` : "";
    return issue(
        `not an AWS Region. ${hint}Set one with \`pulumi config set ${key} ${hint ? near : "eu-west-1"}\` (${TABLE} lists them; a Region of another partition, such as GovCloud or China, must be added there with its zones first)`,
    );
}

/** strongroom:azCount above the zones the Region has; the stack creates one subnet pair per zone. */
export function azCountIssues(azCount: number | undefined, region: string, createsVpc: boolean): ConfigIssue[] {
    const known = awsRegion(region);
    if (!createsVpc || azCount === undefined || !known || azCount <= known.zoneIds.length) return [];
    const zones = known.zoneIds.length;
    return [
        {
            key: "strongroom:azCount",
            message: `is ${azCount}, but ${region} has ${zones} Availability Zones (${known.zoneIds.join(", ")}; ${TABLE}); set it to ${zones} or fewer: \`pulumi config set strongroom:azCount ${zones}\``,
        },
    ];
}
