// Small typed helpers for IAM and KMS policy documents, so no policy is ever built by string concatenation.
import * as pulumi from "@pulumi/pulumi";

type OneOrMany<T> = T | T[];

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | { AWS?: OneOrMany<pulumi.Input<string>>; Service?: OneOrMany<string>; Federated?: pulumi.Input<string> };
    Action?: OneOrMany<string>;
    NotAction?: OneOrMany<string>;
    Resource?: OneOrMany<pulumi.Input<string>>;
    NotResource?: OneOrMany<pulumi.Input<string>>;
    Condition?: Record<string, Record<string, pulumi.Input<OneOrMany<pulumi.Input<string>>>>>;
}

/** A policy document as the JSON string AWS expects, with every nested Input resolved. */
export function policyDocument(statements: PolicyStatement[]): pulumi.Output<string> {
    return pulumi.jsonStringify(pulumi.output({ Version: "2012-10-17", Statement: statements }));
}

/** Allow `actions` on exactly `resources`. */
export function allow(sid: string, actions: string[], resources: pulumi.Input<string>[]): PolicyStatement {
    return { Sid: sid, Effect: "Allow", Action: actions, Resource: resources };
}

/**
 * Deny `actions` on everything except `resources`: a guard that keeps a later, wider Allow (a managed policy,
 * a copy-paste) from reaching other resources. Pattern from the aws-samples replication stack.
 */
export function denyOutside(sid: string, actions: string[], resources: pulumi.Input<string>[]): PolicyStatement {
    return { Sid: sid, Effect: "Deny", Action: actions, NotResource: resources };
}

/** Trust policy letting one AWS service assume a role. */
export function serviceTrust(service: string): pulumi.Output<string> {
    return policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]);
}

/** The ARN of an AWS managed policy, in the stack's partition. */
export function managedPolicyArn(partition: pulumi.Input<string>, name: string): pulumi.Output<string> {
    return pulumi.interpolate`arn:${partition}:iam::aws:policy/${name}`;
}
