// The policy pack the Pulumi CLI runs: `pulumi preview --policy-pack policies`. Constructing it starts the
// analyzer's gRPC server, so nothing else imports this file; tests and the offline plan use ./offline.ts.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

new PolicyPack("strongroom", { policies, enforcementLevel: "mandatory" });
