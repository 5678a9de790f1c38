import { ResourceValidationPolicy } from "@pulumi/policy";
import { ACCOUNT_CONFIG_SCHEMA } from "../../lib/policy-helpers";
import { namesOneSource } from "../../lib/resources";
import { accountOf } from "../../lib/reach";

const SERVICE_PRINCIPAL = /\.amazonaws\.com(\.cn)?$/;
/** API Gateway's source ARNs name one API, then may glob its stages, methods and paths. */
const ONE_API = /^arn:aws[a-z-]*:execute-api:[a-z0-9-]+:\d{12}:[a-z0-9]+\//;

export const lambdaPermissions: ResourceValidationPolicy = {
    name: "strongroom-lambda-permissions",
    description:
        "Lambda permissions must not grant `*` or another account (unless listed in trustedAccounts); a service principal (EventBridge, SNS, S3, CloudWatch Logs, …) must be limited by a sourceArn naming one source — an exact ARN, or one resource's ARN followed by `:*` as Logs requires — never a pattern spanning every source of its type; function URLs need IAM auth.",
    remediationSteps:
        "Name the invoking principal, set sourceArn to the exact rule, topic, bucket or log group ARN, and use authorizationType AWS_IAM on function URLs.",
    enforcementLevel: "mandatory",
    configSchema: ACCOUNT_CONFIG_SCHEMA,
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:lambda/functionUrl:FunctionUrl") {
            if (args.props.authorizationType !== "AWS_IAM") reportViolation("the function URL can be invoked without authentication.");
            return;
        }
        if (args.type !== "aws:lambda/permission:Permission") return args.notApplicable("Policy only applies to Lambda permissions and function URLs");
        const { principal, sourceArn, functionUrlAuthType, principalOrgId } = args.props;
        const config = args.getConfig<{ accountId?: string; trustedAccounts?: string[] }>();
        const who = String(principal ?? "");
        if (who === "*" && !principalOrgId) reportViolation("the permission lets anyone invoke the function.");
        if (principalOrgId) reportViolation(`the permission lets every account of organisation ${principalOrgId} invoke the function.`);
        const account = accountOf(who);
        const own = config.accountId ?? accountOf(String(args.props.function ?? "")) ?? (sourceArn ? accountOf(String(sourceArn)) : undefined);
        // The own account's principals invoke through their identity policies; an account named here is another one
        // unless it is known to be this function's.
        if (account && account !== own && !(config.trustedAccounts ?? []).includes(account))
            reportViolation(`the permission lets account ${account} invoke the function; list a deliberate one in trustedAccounts (or set accountId).`);
        if (SERVICE_PRINCIPAL.test(who)) {
            if (!sourceArn) reportViolation(`a ${who} permission without sourceArn lets that service invoke the function for any account's resources.`);
            else if (!ONE_API.test(String(sourceArn)) && !namesOneSource(String(sourceArn)))
                reportViolation(`the ${who} permission's sourceArn ${sourceArn} spans several sources: name one.`);
        }
        if (functionUrlAuthType === "NONE") reportViolation("the permission opens an unauthenticated function URL.");
    },
};
