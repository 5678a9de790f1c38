import { ResourceValidationPolicy } from "@pulumi/policy";

export const lambdaPermissions: ResourceValidationPolicy = {
    name: "strongroom-lambda-permissions",
    description: "Lambda permissions must not grant `*`; an events.amazonaws.com grant must name its rule's ARN; function URLs need IAM auth.",
    remediationSteps: "Name the invoking principal, set sourceArn to the EventBridge rule's ARN, and use authorizationType AWS_IAM on function URLs.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:lambda/functionUrl:FunctionUrl") {
            if (args.props.authorizationType !== "AWS_IAM") reportViolation("the function URL can be invoked without authentication.");
            return;
        }
        if (args.type !== "aws:lambda/permission:Permission") return args.notApplicable("Policy only applies to Lambda permissions and function URLs");
        const { principal, sourceArn, functionUrlAuthType } = args.props;
        if (principal === "*") reportViolation("the permission lets anyone invoke the function.");
        if (principal === "events.amazonaws.com" && !sourceArn)
            reportViolation("an EventBridge permission without sourceArn lets any rule in any account invoke the function.");
        if (functionUrlAuthType === "NONE") reportViolation("the permission opens an unauthenticated function URL.");
    },
};
