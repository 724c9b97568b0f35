/**
 * App entry: `npm run synth [-- --config <file> --out <dir>]`, or `node bin/cli.js` (what npm and
 * cdktf.json run): validates the config and synthesizes every stack (bin/synth-command.ts). A bad
 * config prints one line per problem and exits 1 without writing anything.
 *
 * Paths: relative flags resolve against the folder `npm run` was started in (npm's INIT_CWD, else
 * the working directory); the defaults resolve against this package; CDKTF_OUTDIR is set by cdktf
 * and resolves against the working directory, as cdktf itself does.
 */
import { runFromRepo } from './bin/run-cli';

/** The exit code, once the command is done (bin/cli.js exits then). */
export const finished = runFromRepo('synth');
