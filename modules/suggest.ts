/** "Did you mean" hints for misspelled names: config fields (stacks/config) and command-line flags (bin/, tooling/). */

/** Closest candidate by edit distance, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/**
 * One line for a util.parseArgs error (strict): the flag, what is wrong with it and the fix. An
 * unknown flag gets the closest known one ("--confg": did you mean --config?), else the list.
 * `command` is how its help is asked for, e.g. `npm run synth --` (the installed CLI rewords it).
 * Every command line of the package (bin/, tooling/) words its flag errors so.
 */
export function flagError(error: unknown, flags: readonly string[], command: string): string {
  // Its message, read by shape: jest runs tests in another realm, where Node's errors are no `instanceof Error`.
  const text = typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : String(error);
  const message = text.split('. To specify a positional')[0].replace(/\.$/, '');
  const code = (error as NodeJS.ErrnoException).code;
  const known = flags.map((f) => `--${f}`);
  const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(message)?.[1] : undefined;
  if (unknown !== undefined) {
    const near = closest(unknown.split('=')[0], known);
    return `${unknown}: not a flag of this command. Fix: ${near ? `did you mean ${near}?` : `use one of ${known.join(', ')}`} (${command} --help)`;
  }
  return `${message}. Fix: see ${command} --help`;
}
