// Entry point named in Pulumi.yaml. The Pulumi runtime calls an exported function and uses its result as outputs.
import { strongroom } from "./program";

export = strongroom;
