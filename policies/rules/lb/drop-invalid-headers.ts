import { ResourceValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";

const TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];

export const dropInvalidHeaders: ResourceValidationPolicy = {
    name: "strongroom-lb-drop-invalid-headers",
    description: "Application load balancers must drop invalid HTTP header fields, closing a request-smuggling path.",
    remediationSteps: "Set dropInvalidHeaderFields: true.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!TYPES.includes(args.type)) return args.notApplicable("Policy only applies to load balancers");
        if ((args.props.loadBalancerType ?? "application") !== "application") return args.notApplicable("Applies to application load balancers");
        if (args.props.dropInvalidHeaderFields !== true) reportViolation(`dropInvalidHeaderFields is not true (${defaultNote("lb.dropInvalidHeaders")}).`);
    },
};
