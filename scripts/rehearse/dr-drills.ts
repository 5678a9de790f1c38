// The disaster drills `npm run rehearse -- --drill <name> [--layout …]` runs, and how their results are printed.
import { UsageError } from "../ops/cli";
import { regionLossEc2, RegionLossOptions, RegionLossResult } from "./region-loss-ec2";
import { regionLossEks } from "./region-loss-eks";
import { sealMigration } from "./seal-migration";

export const DRILLS = ["region-loss", "seal-migration"] as const;

export function describeRegionLoss(r: RegionLossResult): string[] {
    return [
        `region loss (${r.layout}): ${r.beforeBackup} secrets written before the backup, ${r.beforeBackup - r.missing.length} served in the DR region` +
            (r.missing.length ? ` (MISSING: ${r.missing.join(", ")})` : ""),
        `  RPO: ${r.rpoSeconds.toFixed(1)} s of writes after the last copy (${r.lost} of ${r.written - r.beforeBackup} later writes lost)`,
        `  RTO: ${r.rtoSeconds.toFixed(1)} s from region lost to the first read served in the DR region`,
    ];
}

export async function runDrill(name: string, layout: string, o: RegionLossOptions): Promise<number> {
    if (name === "region-loss") {
        const result = layout === "eks-raft" ? await regionLossEks(o) : await regionLossEc2(o);
        for (const line of describeRegionLoss(result)) o.log(line);
        return result.missing.length === 0 ? 0 : 1;
    }
    if (name === "seal-migration") {
        const result = await sealMigration(o);
        for (const line of result.lines) o.log(line);
        return 0;
    }
    throw new UsageError(`--drill ${name}: use ${DRILLS.join(" or ")}`);
}
