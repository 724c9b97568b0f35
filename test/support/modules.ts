/**
 * Helpers of the construct tests (test/modules/): fixed identities, exact resource lookup by
 * construct path, policy statements by Sid, recorded annotations and `prevent_destroy` flags.
 * Synthesis itself goes through the shared helper in ./synth.
 */
import { AnnotationMetadataEntryType } from 'cdktf';
import type { IConstruct } from 'constructs';
import { type Resource, resourcesOf, type SynthesizedJson } from './synth';

/** Account IDs and organization of the construct tests (the roles they play in the app). */
export const MANAGEMENT = '111111111111';
export const LOG_ARCHIVE = '222222222222';
export const AUDIT = '333333333333';
export const EXTERNAL = '444444444444';
export const ORGANIZATION_ID = 'o-abcdefghij';
export const REGION = 'us-east-1';

export interface Statement {
  Sid: string;
  [key: string]: unknown;
}

/**
 * The logical id prefix cdktf derives from a construct path below the stack: components joined by
 * `_`, a component that the one before it ends with left out (`Key/Key` is `Key`,
 * `AccessPolicy/Policy` is `AccessPolicy`), as cdktf's makeUniqueId removes duplicate terms.
 */
function logicalIdOf(path: string): string {
  return path
    .split('/')
    .filter((part, i, parts) => i === 0 || !parts[i - 1].endsWith(part))
    .join('_');
}

/**
 * The one resource of `type` at construct path `path` (below the stack, `/`-separated). Exact,
 * unlike a substring match: `Archive/Storage/Bucket` does not also find `Archive/AccessLogs/Storage/Bucket`.
 */
export function resourceAt(json: SynthesizedJson, type: string, path: string): Resource {
  const want = logicalIdOf(path);
  const found = Object.entries(resourcesOf(json, type)).filter(([id]) => id.replace(/_[A-F0-9]{8}$/, '') === want);
  if (found.length !== 1) {
    throw new Error(`expected one ${type} at ${path}, found ${found.length} among ${Object.keys(resourcesOf(json, type)).join(', ')}`);
  }
  return found[0][1];
}

/** Logical id (`type.name`) of the resource at `path`, as `depends_on` refers to it. */
export function addressAt(json: SynthesizedJson, type: string, path: string): string {
  const want = logicalIdOf(path);
  const id = Object.keys(resourcesOf(json, type)).find((name) => name.replace(/_[A-F0-9]{8}$/, '') === want);
  if (!id) throw new Error(`no ${type} at ${path}`);
  return `${type}.${id}`;
}

/** The statements of a resource's JSON policy attribute (`policy`, `assume_role_policy`). */
export function statementsOf(resource: Resource, attribute = 'policy'): Statement[] {
  const text = resource[attribute];
  if (typeof text !== 'string') throw new Error(`resource has no ${attribute} string`);
  return (JSON.parse(text) as { Statement: Statement[] }).Statement;
}

/** The statement with this Sid; throws, naming the Sids present, when there is none. */
export function statementWithSid<T extends { Sid: string }>(statements: readonly T[], sid: string): T {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} among ${statements.map((s) => s.Sid).join(', ')}`);
  return found;
}

export interface RecordedAnnotation {
  /** Construct path below the stack (`Archive/Storage`), `''` for the stack itself. */
  readonly path: string;
  readonly message: string;
}

/** Warnings (or info notes) recorded on `scope` and everything below it, in construct order. */
export function annotationsOf(scope: IConstruct, level: 'warning' | 'info'): RecordedAnnotation[] {
  const type = level === 'warning' ? AnnotationMetadataEntryType.WARN : AnnotationMetadataEntryType.INFO;
  const stackPath = scope.node.scopes[1]?.node.path ?? scope.node.path;
  return scope.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === type)
        .map((entry) => ({ path: construct.node.path.slice(stackPath.length + 1), message: String(entry.data) })),
    );
}

/** `prevent_destroy` of every resource that sets a lifecycle, keyed `type.logicalId`. */
export function preventDestroyFlags(json: SynthesizedJson): Record<string, boolean> {
  const flags: Record<string, boolean> = {};
  for (const [type, byId] of Object.entries(json.resource)) {
    for (const [id, resource] of Object.entries(byId)) {
      const lifecycle = resource.lifecycle as { prevent_destroy?: boolean } | undefined;
      if (lifecycle?.prevent_destroy !== undefined) flags[`${type}.${id.replace(/_[A-F0-9]{8}$/, '')}`] = lifecycle.prevent_destroy;
    }
  }
  return flags;
}
