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
    "staging-per-az-4": ["staging", { "strongroom:azCount": "4" }],
};
