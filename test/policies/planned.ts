// A shipped stack's planned resources as the offline runner takes them: plain JSON inputs, URNs and the property
// dependencies the engine records, so stack rules can join resources as they would in a preview.
import { OfflineResource } from "../../policies/offline";
import { planStack } from "../support/stack";

export async function plannedResources(stack: string): Promise<OfflineResource[]> {
    return (await planStack(stack)).resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: JSON.parse(JSON.stringify(r.inputs)),
        propertyDependencies: r.propertyDependencies,
    }));
}
