// Config mutations of the shipped stacks that change which resource types the program plans: the type tables of
// the picture and the price must cover these too, not only the shipped stacks.
export const STACK_VARIANTS: Record<string, [string, Record<string, string | undefined>]> = {
    "dev-token-auth": ["dev", { "strongroom:replicationAuthMethod": "token" }],
    "dev-no-replication": ["dev", { "strongroom:replicationEnabled": "false" }],
    "dev-alert-email": ["dev", { "strongroom:alertEmail": "oncall@example.com" }],
    "dev-existing-vpc": [
        "dev",
        {
            "strongroom:existingVpcId": "vpc-0123456789abcdef0",
            "strongroom:existingPrivateSubnetIds": '["subnet-0123456789abcdef1","subnet-0123456789abcdef2"]',
            "strongroom:existingVpcEndpoints": "create",
        },
    ],
    "prod-injector": ["prod", { "strongroom:injectorEnabled": "true" }],
    // us-east-2 has 3 zones (vendor/aws-regions): four zones of staging's layout go to us-east-1, its certificate too.
    "staging-per-az-4": [
        "staging",
        {
            "aws:region": "us-east-1",
            "strongroom:azCount": "4",
            "strongroom:certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0b6a5c1e-7d2f-4c8e-9a51-3f0e2d4b6c7a",
        },
    ],
};
