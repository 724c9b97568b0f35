// Every *.spec.ts of this folder in one jest file: modules load once per tier (test/support/specs.ts).
import { runSpecs } from '../support/specs';

runSpecs(__dirname);
