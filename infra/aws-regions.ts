// The AWS Regions an account of the commercial partition provides, and their Availability Zones, from AWS's own
// tables (vendor/aws-regions/regions.json; sources in vendor/aws-regions/SOURCE.md). Pure, no Pulumi.
import table from "../vendor/aws-regions/regions.json";

export interface AwsRegion {
    readonly code: string;
    readonly name: string;
    /** Regions introduced after 20 March 2019 must be enabled in the account before use. */
    readonly optIn: boolean;
    /** The AZ IDs of its Availability Zones, e.g. euw1-az1. */
    readonly zoneIds: readonly string[];
    /** Fewer zones offered to accounts created recently (us-west-1: 2). */
    readonly newerAccountZones?: number;
    /** The ARN partition of the Region. */
    readonly partition: string;
}

export const REGIONS_RETRIEVED: string = table.retrieved;

export const AWS_REGIONS: readonly AwsRegion[] = Object.entries(table.regions).map(([code, r]) => ({
    code,
    partition: table.partition,
    ...(r as Omit<AwsRegion, "code" | "partition">),
}));

export function awsRegion(code: string): AwsRegion | undefined {
    return AWS_REGIONS.find((r) => r.code === code);
}
