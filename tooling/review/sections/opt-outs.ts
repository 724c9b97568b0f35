/** Report part: the named opt-outs a library user chose (props weaker than the app's defaults), from the synth warnings. */

import { OPT_OUTS, optOutOf } from '../../../modules/opt-outs';
import type { AppStack, SynthNote } from '../../model';
import { blocksOf, cell, code, heading, table } from '../format';

/** Whether a synth note records a named opt-out (a warning `<prop>: ...` of a prop in OPT_OUTS). */
export function isOptOutNote(note: SynthNote): boolean {
  return (note.level === 'warn' || note.level === 'warning') && optOutOf(note.message) !== undefined;
}

/** `<prop> (<count>)` for each opt-out used, in OPT_OUTS order. */
export function optOutCounts(stacks: readonly AppStack[]): string[] {
  const notes = stacks.flatMap((s) => s.notes.filter(isOptOutNote));
  return Object.keys(OPT_OUTS).flatMap((prop) => {
    const n = notes.filter((x) => optOutOf(x.message) === prop).length;
    return n > 0 ? [`${prop} (${n})`] : [];
  });
}

/** One row per opt-out used: the prop, what it gives up, the stack and construct, the construct's own words. */
export function optOutsText(stacks: readonly AppStack[]): string {
  const rows = stacks.flatMap((s) =>
    s.notes.filter(isOptOutNote).map((n) => {
      const prop = optOutOf(n.message) as keyof typeof OPT_OUTS;
      return [code(prop), OPT_OUTS[prop], code(s.name), code(n.constructPath), cell(n.message.slice(prop.length + 2))];
    }),
  );
  if (rows.length === 0) return '';
  return blocksOf(
    heading(3, 'Named opt-outs'),
    'Props set to something weaker than the default of the constructs and of the app, each recorded as a synth warning by the construct that took it:',
    table(['opt-out', 'gives up', 'stack', 'construct', 'detail'], rows),
  );
}
