import { ResourceValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";

export const ALLOWED_TLS_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
];
const TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];

export const listenerTls: ResourceValidationPolicy = {
    name: "strongroom-lb-listener-tls",
    description:
        "Load balancer listeners (aws.lb and aws.alb) serve HTTPS with an allowed TLS 1.2+ policy (unset is ELBSecurityPolicy-2016-08 outside the console, TLS 1.0 included); plain HTTP is allowed only as a redirect whose protocol is HTTPS (unset is #{protocol}, which keeps HTTP).",
    remediationSteps: "Use protocol HTTPS with sslPolicy ELBSecurityPolicy-TLS13-1-2-2021-06, and make any HTTP listener's default action a redirect to HTTPS.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedPolicies: { type: "array", items: { type: "string" }, default: ALLOWED_TLS_POLICIES } } },
    validateResource: (args, reportViolation) => {
        if (!TYPES.includes(args.type)) return args.notApplicable("Policy only applies to load balancer listeners");
        const allowed = args.getConfig<{ allowedPolicies?: string[] }>().allowedPolicies ?? ALLOWED_TLS_POLICIES;
        const { protocol, sslPolicy, defaultActions = [] } = args.props;
        if (protocol === "HTTPS" || protocol === "TLS") {
            if (!allowed.includes(sslPolicy))
                reportViolation(
                    `sslPolicy ${sslPolicy === undefined ? `is ${defaultNote("lb.sslPolicy")}, which` : sslPolicy} is not one of ${allowed.join(", ")}.`,
                );
        } else if (protocol === "HTTP") {
            const redirects = defaultActions.length > 0 && defaultActions.every((a: any) => a.type === "redirect" && a.redirect?.protocol === "HTTPS");
            if (!redirects)
                reportViolation(`an HTTP listener does something other than redirect to HTTPS (redirect protocol ${defaultNote("lb.redirectProtocol")}).`);
        } else {
            reportViolation(`protocol ${protocol ?? "(unset)"} is not HTTPS.`);
        }
    },
};
