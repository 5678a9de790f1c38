import { ResourceValidationPolicy } from "@pulumi/policy";

const SERVICE_PRINCIPAL = /\.amazonaws\.com(\.cn)?$/;
/** API Gateway's source ARNs name one API, then may glob its stages, methods and paths. */
const ONE_API = /^arn:aws[a-z-]*:execute-api:[a-z0-9-]+:\d{12}:[a-z0-9]+\//;

/** Whether the source ARN names one source, rather than every rule, topic or bucket that matches a glob. */
function namesOneSource(sourceArn: string): boolean {
    if (ONE_API.test(sourceArn)) return true;
    return !/[*?]/.test(sourceArn);
}

export const lambdaPermissions: ResourceValidationPolicy = {
    name: "strongroom-lambda-permissions",
    description:
        "Lambda permissions must not grant `*`; a service principal (EventBridge, SNS, S3, …) must be limited by a sourceArn naming one source, with no wildcard; function URLs need IAM auth.",
    remediationSteps: "Name the invoking principal, set sourceArn to the exact rule, topic or bucket ARN, and use authorizationType AWS_IAM on function URLs.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:lambda/functionUrl:FunctionUrl") {
            if (args.props.authorizationType !== "AWS_IAM") reportViolation("the function URL can be invoked without authentication.");
            return;
        }
        if (args.type !== "aws:lambda/permission:Permission") return args.notApplicable("Policy only applies to Lambda permissions and function URLs");
        const { principal, sourceArn, functionUrlAuthType } = args.props;
        if (principal === "*") reportViolation("the permission lets anyone invoke the function.");
        if (SERVICE_PRINCIPAL.test(String(principal))) {
            if (!sourceArn) reportViolation(`a ${principal} permission without sourceArn lets that service invoke the function for any account's resources.`);
            else if (!namesOneSource(String(sourceArn)))
                reportViolation(`the ${principal} permission's sourceArn ${sourceArn} is a wildcard: name one source.`);
        }
        if (functionUrlAuthType === "NONE") reportViolation("the permission opens an unauthenticated function URL.");
    },
};
