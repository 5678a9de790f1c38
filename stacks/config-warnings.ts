// Config that plans but will not deploy as it stands: told at plan time (pulumi.log.warn, in program.ts), not
// refused, because the shipped stacks carry such placeholders on purpose.
import { documentationBlockOf } from "../infra/special-ipv4";

interface WarnedFields {
    readonly layout: string;
    readonly endpointPublicAccessCidrs?: readonly string[];
}

export function configWarnings(c: WarnedFields): string[] {
    if (c.layout !== "eks-raft") return [];
    return (c.endpointPublicAccessCidrs ?? []).flatMap((block, i) => {
        const doc = documentationBlockOf(block);
        // EKS refuses reserved addresses in a public access CIDR (config-cidr-lists.ts); documentation ranges are
        // reserved too, but the shipped prod uses one as the placeholder for the runners' range.
        return doc
            ? [
                  `strongroom:endpointPublicAccessCidrs[${i}] ${block} is ${block === doc.cidr ? "" : `inside ${doc.cidr}, `}a ${doc.name} range (${doc.rfc}), for examples only: replace it with your runners' egress ranges before \`pulumi up\`, or EKS refuses it as a reserved address`,
              ]
            : [];
    });
}
