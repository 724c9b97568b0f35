/**
 * Building without cdktf's token creation traces (stacks/token-traces.ts): trace records come out
 * empty, errors and other objects keep their stacks, the original is restored, and the synthesized
 * JSON is the same as with traces. test/setup.ts installs it for the whole suite, so the "with
 * traces" runs below put V8's own `captureStackTrace` (from a fresh realm) back for their duration.
 */
import * as vm from 'node:vm';
import { Lazy, Testing } from 'cdktf';
import { LOG_ARCHIVE_KIND } from '../../stacks/log-archive-stack';
import { skipTokenTraces, withoutTokenTraces } from '../../stacks/token-traces';
import { exampleConfig } from '../support/config';
import { synthJson, TEST_CONTEXT } from '../support/synth';

type Capture = typeof Error.captureStackTrace;

/** Runs `fn` with V8's own Error.captureStackTrace, as without test/setup.ts. */
function withTraces<T>(fn: () => T): T {
  const installed = Error.captureStackTrace;
  Error.captureStackTrace = vm.runInNewContext('Error.captureStackTrace') as Capture;
  try {
    return fn();
  } finally {
    Error.captureStackTrace = installed;
  }
}

/** The creation trace cdktf keeps on a Lazy token. */
function lazyCreationStack(): string[] {
  return (Lazy.anyValue({ produce: () => 'x' }) as unknown as { creationStack: string[] }).creationStack;
}

describe('withoutTokenTraces', () => {
  it("leaves cdktf's trace record empty while it runs, and traces again afterwards", () => {
    withTraces(() => {
      expect(withoutTokenTraces(lazyCreationStack)).toEqual([]);
      expect(lazyCreationStack().length).toBeGreaterThan(0);
      expect(lazyCreationStack().join('\n')).toContain('token-traces.spec.ts');
    });
  });

  it('keeps the stack of errors and of any other object', () => {
    withoutTokenTraces(() => {
      expect(new Error('boom').stack).toMatch(/^Error: boom\n\s+at .*token-traces\.spec\.ts/);
      const other = { stack: '', id: 1 };
      Error.captureStackTrace(other);
      expect(other.stack).toContain('token-traces.spec.ts');
      const record = { stack: '' };
      Error.captureStackTrace(record);
      expect(record.stack).toBe('');
    });
  });

  it('restores the original when the build throws', () => {
    withTraces(() => {
      const original = Error.captureStackTrace;
      expect(() =>
        withoutTokenTraces(() => {
          throw new Error('build failed');
        }),
      ).toThrow('build failed');
      expect(Error.captureStackTrace).toBe(original);
    });
  });

  it('forwards everything else to the original, installs once and puts the original back', () => {
    const calls: unknown[] = [];
    const original: Capture = (target) => {
      calls.push(target);
    };
    const errorClass = { captureStackTrace: original } as unknown as ErrorConstructor;
    const restore = skipTokenTraces(errorClass);
    const installed = errorClass.captureStackTrace;
    expect(installed).not.toBe(original);
    const keep = [{ stack: 'x' }, { stack: '', more: true }, new Error('e'), Object.create(null) as object];
    for (const target of [{ stack: '' }, ...keep]) errorClass.captureStackTrace(target);
    expect(calls).toEqual(keep);
    expect(skipTokenTraces(errorClass)).toBeInstanceOf(Function);
    expect(errorClass.captureStackTrace).toBe(installed);
    restore();
    expect(errorClass.captureStackTrace).toBe(original);
  });

  it('synthesizes the same JSON as with traces (the log-archive stack of the example)', () => {
    const config = exampleConfig();
    const synth = () => {
      const [definition] = LOG_ARCHIVE_KIND.definitions(config);
      return synthJson(definition.build(Testing.app(), { ...TEST_CONTEXT, config, definition: { ...definition, order: 1 } }));
    };
    const traced = withTraces(synth);
    expect(Object.keys(traced.resource).length).toBeGreaterThan(5);
    expect(withoutTokenTraces(synth)).toEqual(traced);
  });
});
