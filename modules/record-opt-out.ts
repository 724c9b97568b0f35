import { Annotations } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { OptOut } from './opt-outs';

/** Records the use of an opt-out on `scope`: `<prop>: <message>`. */
export function recordOptOut(scope: IConstruct, prop: OptOut, message: string): void {
  Annotations.of(scope).addWarning(`${prop}: ${message}`);
}
