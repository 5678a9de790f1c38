// vault:configure's lifecycle steps: Raft autopilot on eks-raft, and the health probe's narrow identity.
import { PROBE_AWS_ROLE } from "../../functions/probe/names";
import { autopilotConfig } from "./autopilot";
import type { Step } from "./configure-steps";
import { StackOutputs } from "./stack-outputs";
import { PROBE_POLICY, probePolicy } from "./vault-policies";

export interface StepKit {
    policyStep(name: string, text: string): Step;
    writeStep(name: string, path: string, want: Record<string, unknown>): Step;
}

/** Both functions log in with AWS IAM auth: replication in aws mode, the probe always. */
export function needsAwsAuth(outputs: StackOutputs): boolean {
    return Boolean((outputs.replicationAuthMethod !== "token" && outputs.replicationRoleArn) || outputs.probeRoleArn);
}

export function lifecycleSteps(kit: StepKit, outputs: StackOutputs): Step[] {
    const steps: Step[] = [];
    if (outputs.layout === "eks-raft") {
        const replicas = Number(outputs.vaultNodes ?? 3);
        steps.push(
            kit.writeStep(
                `raft autopilot (cleanup of dead servers, min_quorum ${replicas})`,
                "sys/storage/raft/autopilot/configuration",
                autopilotConfig(replicas),
            ),
        );
    }
    if (outputs.probeRoleArn) {
        steps.push(
            kit.policyStep(PROBE_POLICY, probePolicy()),
            kit.writeStep(`aws auth role ${PROBE_AWS_ROLE}`, `auth/aws/role/${PROBE_AWS_ROLE}`, {
                auth_type: "iam",
                bound_iam_principal_arn: [outputs.probeRoleArn],
                resolve_aws_unique_ids: false,
                token_policies: [PROBE_POLICY],
                // One probe run needs seconds; the token dies with it.
                token_ttl: 120,
                token_max_ttl: 120,
            }),
        );
    }
    return steps;
}
