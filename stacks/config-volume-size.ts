// eks-raft's volume sizes (strongroom:dataStorageSize, auditStorageSize) are Kubernetes quantities in the PVCs of
// the chart's StatefulSet: any spelling the API server reads is fine ("100G", "1Ti", "20Gi", "21474836480"), and
// the size is judged in bytes against what the gp3 volume behind it can be. EC2 CreateVolume: "gp3: 1 - 65,536
// GiB" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVolume.html; 16,384 GiB before gp3's
// 2025 increase, as older pages still say). The EBS CSI driver rounds a request up to whole GiB.
import { z } from "zod";
import { GIB, quantityBytes } from "../infra/quantity";

export const GP3_MIN_GIB = 1;
export const GP3_MAX_GIB = 65_536;

/** Why a volume size is refused; undefined when a gp3 volume can hold it. */
export function volumeSizeProblem(size: string): string | undefined {
    const bytes = quantityBytes(size);
    if (bytes === undefined)
        return "is not a Kubernetes quantity: a number with an optional suffix Ki Mi Gi Ti Pi Ei (powers of 1024) or k M G T P E (powers of 1000), like 20Gi or 100G";
    if (bytes < BigInt(GP3_MIN_GIB) * GIB) return `is ${bytes} bytes, below gp3's minimum of ${GP3_MIN_GIB} GiB; ask for at least 1Gi`;
    if (bytes > BigInt(GP3_MAX_GIB) * GIB) return `is ${bytes} bytes, above gp3's maximum of ${GP3_MAX_GIB} GiB (64 TiB); ask for at most 64Ti`;
    return undefined;
}

/** Zod type for a volume size (the quantity exactly as given: Kubernetes keeps its spelling). */
export const volumeSize = z.string().superRefine((value, ctx) => {
    const problem = volumeSizeProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});
