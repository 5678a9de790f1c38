// Stack-rule helper: the resources of a type that configure a given resource through one of their inputs
// (e.g. the BucketVersioning whose `bucket` came from this Bucket).
import { PolicyResource } from "@pulumi/policy";

export function attachedTo(target: PolicyResource, resources: PolicyResource[], type: string, input: string): PolicyResource[] {
    return resources.filter((r) => r.type === type && (r.propertyDependencies?.[input] ?? []).some((d) => d.urn === target.urn));
}

export function bucketsOf(resources: PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => r.type === "aws:s3/bucket:Bucket" || r.type === "aws:s3/bucketV2:BucketV2");
}
