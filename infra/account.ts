// Facts about the AWS account and partition, looked up once and shared by every component.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AwsAccount {
    readonly accountId: pulumi.Output<string>;
    readonly partition: pulumi.Output<string>;
    readonly region: string;
}

export function lookUpAccount(region: string, opts?: pulumi.InvokeOptions): AwsAccount {
    return {
        accountId: aws.getCallerIdentityOutput({}, opts).accountId,
        partition: aws.getPartitionOutput({}, opts).partition,
        region,
    };
}
