// Which real actions a statement reaches (Action globs expanded against AWS's list; NotAction is everything it
// does not name), and which of them it reaches on every resource they can act on.
import { AwsAction, expandAction, globMatches, services, actionsOf } from "./aws-actions";
import { Statement } from "./document";
import { onEveryResource } from "./resources";

/** The real actions a statement reaches, per Action entry; a NotAction reaches everything it does not exclude. */
export function actionsReached(s: Statement): { entry: string; reached: AwsAction[] }[] {
    if (!s.actionsNegated) return s.actions.map((entry) => ({ entry, reached: expandAction(entry) }));
    const all = services().flatMap(actionsOf);
    return [{ entry: `NotAction ${s.actions.join(", ")}`, reached: all.filter((a) => !s.actions.some((n) => globMatches(n, a.name))) }];
}

/** Every distinct action the statement reaches. */
export function allReached(s: Statement): AwsAction[] {
    return [...new Set(actionsReached(s).flatMap(({ reached }) => reached))];
}

/** The actions (passing `which`) the statement allows on every resource they can act on. */
export function reachedEverywhere(s: Statement, which: (a: AwsAction) => boolean): AwsAction[] {
    return allReached(s).filter((a) => which(a) && onEveryResource(s, a));
}

/** Whether the statement reaches `action` (an exact name such as iam:PassRole). */
export function coversAction(s: Statement, action: string): boolean {
    const matches = s.actions.some((a) => globMatches(a, action));
    return s.actionsNegated ? !matches : matches;
}

/** A short list of action names for a message: the first few, then how many more. */
export function someOf(actions: AwsAction[], shown = 6): string {
    const names = actions.map((a) => a.name);
    return names.length > shown ? `${names.slice(0, shown).join(", ")} and ${names.length - shown} more` : names.join(", ");
}
