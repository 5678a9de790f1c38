// Rules AWS, EKS, Kubernetes and Vault enforce when they create what the config describes, and the offline mock
// runtime does not: checked here so a plan refuses what a deploy would fail on. One file per class of rule.
import { cidrListIssues } from "./config-cidr-lists";
import { downloadUrlIssues } from "./config-download-url";
import type { ConfigIssue } from "./config-error";
import { certificateArnIssues, roleListIssues, viewerAdminIssues } from "./config-arns";
import { azCountIssues, regionIssues } from "./config-region";
import { serviceCidrIssues } from "./config-service-cidr";
import { subnetIssues } from "./config-subnets";
import { tagIssues } from "./config-tags";

/** The fields of either layout these rules read; a field that failed its own check is undefined (and reported). */
export interface PlatformFields {
    readonly layout: "ec2-dynamodb" | "eks-raft";
    readonly vpcCidr?: string;
    readonly azCount?: number;
    readonly allowedCidrs?: string[];
    readonly existingPrivateSubnetIds?: string[];
    readonly existingPublicSubnetIds?: string[];
    readonly tags?: Record<string, string>;
    readonly replicationSecretReaderArns?: string[];
    readonly loadBalancerScheme?: string;
    readonly certificateArn?: string;
    readonly vaultDownloadUrl?: string;
    readonly serviceCidr?: string;
    readonly endpointPublicAccessCidrs?: string[];
    readonly endpointPrivateAccessCidrs?: string[];
    readonly clusterAdminRoleArns?: string[];
    readonly clusterViewerRoleArns?: string[];
    readonly drRegion?: string;
}

/** `region` is a Region of the table (vendor/aws-regions), or undefined when aws:region is missing or wrong. */
export function platformRuleIssues(c: PlatformFields, region: string | undefined, byo: boolean): ConfigIssue[] {
    const issues: ConfigIssue[] = [...subnetIssues(c), ...cidrListIssues(c), ...tagIssues(c.tags)];
    // The disaster-recovery region (#21) is a Region of the same table.
    if (c.drRegion) issues.push(...regionIssues(c.drRegion, "strongroom:drRegion"));
    if (region) {
        issues.push(...azCountIssues(c.azCount, region, !byo));
        issues.push(...roleListIssues("replicationSecretReaderArns", c.replicationSecretReaderArns, region));
    }
    if (c.layout === "ec2-dynamodb") {
        issues.push(...downloadUrlIssues(c.vaultDownloadUrl));
        if (region) issues.push(...certificateArnIssues(c.certificateArn, region));
    } else {
        issues.push(...serviceCidrIssues(c.serviceCidr, byo ? undefined : c.vpcCidr));
        if (region) {
            issues.push(...roleListIssues("clusterAdminRoleArns", c.clusterAdminRoleArns, region));
            issues.push(...roleListIssues("clusterViewerRoleArns", c.clusterViewerRoleArns, region));
        }
        issues.push(...viewerAdminIssues(c.clusterAdminRoleArns, c.clusterViewerRoleArns));
    }
    return issues;
}
