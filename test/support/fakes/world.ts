// A fake Vault and fake AWS wired together, plus the environment the replication function reads to reach them.
import { REPLICATION_POLICY, replicationPolicy } from "../../../scripts/ops/vault-policies";
import { testCa } from "../test-ca";
import { FakeAws, TestIdentity } from "./fake-aws";
import { FakeVault } from "./fake-vault";
import { forgetAllConnections } from "../../../functions/replication/connection";

export const MOUNT = "hybrid-aws-secrets";
export const OTHER_MOUNT = "super-secret-engine";
export const PREFIX = "hybrid-aws-secrets";
export const FUNCTION_ROLE = "arn:aws:iam::123456789012:role/strongroom-dev-replication-fn";
export const IDENTITY: TestIdentity = { accessKeyId: "ASIATESTFUNCTION0001", secretAccessKey: "test-secret-access-key", roleArn: FUNCTION_ROLE };
export const CONNECTION_SECRET = "strongroom/dev/vault-connection";

export interface World {
    vault: FakeVault;
    aws: FakeAws;
    env: Record<string, string>;
    stop(): Promise<void>;
}

/**
 * Starts both fakes, by default configured as `vault:configure` leaves Vault: the read-only replication policy on MOUNT and an
 * AWS auth role bound to the function's IAM role. OTHER_MOUNT holds a secret the function must never see.
 */
export async function startWorld(options: { fresh?: boolean } = {}): Promise<World> {
    const aws = await new FakeAws().start();
    aws.identities.push(IDENTITY);
    // fresh: a Vault just deployed, not initialised, with nothing configured.
    const vault = await new FakeVault({ verifyIamLogin: (r) => aws.callerOf(r), uninitialised: options.fresh }).start();
    if (!options.fresh) {
        vault.acl.setPolicy(REPLICATION_POLICY, replicationPolicy(MOUNT));
        vault.sys.auths.set("aws/", { type: "aws" });
        vault.sys.roles.set("auth/aws/role/replication", { auth_type: "iam", bound_iam_principal_arn: [FUNCTION_ROLE], token_policies: [REPLICATION_POLICY] });
        vault.put(OTHER_MOUNT, "root-credentials", { password: "never-replicate-me" });
    }
    const env = {
        VAULT_ADDR: vault.address,
        VAULT_CA_CERT: testCa().caCert,
        VAULT_KV_MOUNT: MOUNT,
        VAULT_AUTH_METHOD: "aws",
        VAULT_AWS_ROLE: "replication",
        SECRETS_PREFIX: PREFIX,
        SECRETS_KMS_KEY_ID: "arn:aws:kms:eu-west-1:123456789012:key/secrets",
        FAILURE_TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:strongroom-dev-alerts",
        AWS_REGION: "eu-west-1",
        AWS_ENDPOINT_URL: aws.endpoint,
        AWS_ACCESS_KEY_ID: IDENTITY.accessKeyId,
        AWS_SECRET_ACCESS_KEY: IDENTITY.secretAccessKey,
    };
    return {
        vault,
        aws,
        env,
        stop: async () => {
            forgetAllConnections();
            await vault.stop();
            await aws.stop();
        },
    };
}
