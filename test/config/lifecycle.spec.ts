import { configSchema } from '../../stacks/config';
import { configWarnings } from '../../stacks/config/warnings';
import { exampleConfig, expectProblem, PROBLEM_LINE, problemsOf, withChange } from '../support/config';

const TRANSITION_NEVER_APPLIES = (i: number, storageClass: string) =>
  `archive.lifecycle.transitions[${i}]: ${storageClass} never applies to objects under 128 KB (most CloudTrail files): with transitionSmallObjects S3 moves them only to GLACIER or DEEP_ARCHIVE. Fix: set transitionSmallObjects to false (this tier then applies to files of 128 KB or more by an explicit size filter) or drop the tier`;

describe('config', () => {
  describe('lifecycle', () => {
    const lifecycle = (value: unknown) => withChange('archive.lifecycle', value);

    it('accepts the default lifecycle', () => {
      expect(problemsOf(lifecycle({}))).toEqual([]);
    });

    it('keeps small objects out of transitions by default', () => {
      expect(configSchema.parse(lifecycle({})).archive.lifecycle.transitionSmallObjects).toBe(false);
    });

    it('fails when STANDARD_IA comes before 30 days', () => {
      expectProblem(
        lifecycle({ transitions: [{ storageClass: 'STANDARD_IA', days: 10 }] }),
        'archive.lifecycle.transitions[0].days',
        'at least 30 days',
      );
    });

    it('fails when noncurrent versions move to ONEZONE_IA before 30 days', () => {
      expectProblem(
        lifecycle({ noncurrentTransitions: [{ storageClass: 'ONEZONE_IA', days: 7 }] }),
        'archive.lifecycle.noncurrentTransitions[0].days',
        'noncurrent',
      );
    });

    it('fails when a lifecycle transition comes before the previous one', () => {
      const value = {
        transitions: [
          { storageClass: 'GLACIER_IR', days: 90 },
          { storageClass: 'DEEP_ARCHIVE', days: 60 },
        ],
      };
      expectProblem(lifecycle(value), 'archive.lifecycle.transitions[1].days', 'use more than 90 days');
    });

    it('fails when transitions climb back up the waterfall', () => {
      const value = {
        transitions: [
          { storageClass: 'GLACIER', days: 90 },
          { storageClass: 'STANDARD_IA', days: 180 },
        ],
      };
      expectProblem(lifecycle(value), 'archive.lifecycle.transitions[1].storageClass', 'cannot follow GLACIER');
    });

    it('fails when Glacier follows Standard-IA by less than 30 days', () => {
      const value = {
        transitions: [
          { storageClass: 'STANDARD_IA', days: 30 },
          { storageClass: 'GLACIER', days: 45 },
        ],
        expirationDays: 400,
      };
      expectProblem(lifecycle(value), 'archive.lifecycle.transitions[1].days', 'use 60 or more');
    });

    it('fails when a storage class appears twice', () => {
      const value = {
        transitions: [
          { storageClass: 'GLACIER', days: 90 },
          { storageClass: 'GLACIER', days: 200 },
        ],
      };
      expectProblem(lifecycle(value), 'archive.lifecycle.transitions[1].storageClass', 'appears twice');
    });

    it('fails when expiration comes before the last class minimum storage duration', () => {
      const value = { transitions: [{ storageClass: 'DEEP_ARCHIVE', days: 365 }], expirationDays: 400 };
      expectProblem(lifecycle(value), 'archive.lifecycle.expirationDays', '180-day minimum', 'use 545 or more');
    });

    it('fails when noncurrent expiration comes before the noncurrent transition minimum', () => {
      const value = { noncurrentTransitions: [{ storageClass: 'GLACIER_IR', days: 30 }], noncurrentExpirationDays: 60 };
      expectProblem(lifecycle(value), 'archive.lifecycle.noncurrentExpirationDays', 'use 120 or more');
    });

    it('fails on an unknown storage class', () => {
      expectProblem(
        lifecycle({ transitions: [{ storageClass: 'STANDARD', days: 30 }] }),
        'archive.lifecycle.transitions[0].storageClass',
        'is not a lifecycle storage class',
      );
    });

    it('names a transition without a storage class and lists the classes', () => {
      expectProblem(
        lifecycle({ transitions: [{ days: 90 }] }),
        'archive.lifecycle.transitions[0].storageClass',
        'is required. Fix: add it; use one of STANDARD_IA',
      );
    });

    it('fails on more transitions than there are storage classes', () => {
      const transitions = ['STANDARD_IA', 'INTELLIGENT_TIERING', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER'].map(
        (storageClass, i) => ({ storageClass, days: 30 * (i + 1) }),
      );
      expectProblem(lifecycle({ transitions }), 'archive.lifecycle.transitions', 'more than 6 transitions');
    });

    it('reports a list written as text once, as a type error', () => {
      const problems = problemsOf(lifecycle({ transitions: 'GLACIER after 90 days' }));
      expect(problems).toEqual(['archive.lifecycle.transitions: "GLACIER after 90 days" is a string; expected a list. Fix: write a list']);
    });

    it.each([
      ['abortIncompleteMultipartUploadDays', 0, 'at least 1 day'],
      ['abortIncompleteMultipartUploadDays', 366, 'at most 365 days'],
      ['expirationDays', 36501, 'at most 36500 days'],
      ['transitionSmallObjects', 'true', 'must be true or false'],
    ])('fails when archive.lifecycle.%s is %j', (field, value, fragment) => {
      expectProblem(withChange(`archive.lifecycle.${field}`, value), `archive.lifecycle.${field}`, fragment);
    });

    describe('warnings', () => {
      const warningsOf = (value: unknown) => configWarnings(configSchema.parse(lifecycle(value)));

      it('has none for the example and for the default lifecycle', () => {
        expect(configWarnings(exampleConfig())).toEqual([]);
        expect(warningsOf({})).toEqual([]);
      });

      it('warns, for each tier small objects never reach, when transitionSmallObjects is true', () => {
        const value = {
          transitionSmallObjects: true,
          transitions: [
            { storageClass: 'STANDARD_IA', days: 30 },
            { storageClass: 'GLACIER_IR', days: 90 },
            { storageClass: 'DEEP_ARCHIVE', days: 365 },
          ],
        };
        expect(warningsOf(value)).toEqual([TRANSITION_NEVER_APPLIES(0, 'STANDARD_IA'), TRANSITION_NEVER_APPLIES(1, 'GLACIER_IR')]);
      });

      it('has no transition warning when transitionSmallObjects is true and every tier is GLACIER or DEEP_ARCHIVE', () => {
        const value = {
          transitionSmallObjects: true,
          transitions: [
            { storageClass: 'GLACIER', days: 90 },
            { storageClass: 'DEEP_ARCHIVE', days: 365 },
          ],
        };
        expect(warningsOf(value)).toEqual([]);
      });

      it('has no transition warning for the same tiers when transitionSmallObjects is false (a size filter applies them)', () => {
        const value = { transitionSmallObjects: false, transitions: [{ storageClass: 'STANDARD_IA', days: 30 }] };
        expect(warningsOf(value)).toEqual([]);
      });

      it('warns about a noncurrent transition to the class versions are already in when they expire', () => {
        expect(warningsOf({ noncurrentTransitions: [{ storageClass: 'DEEP_ARCHIVE', days: 30 }], noncurrentExpirationDays: 365 })).toEqual([
          'archive.lifecycle.noncurrentTransitions[0]: DEEP_ARCHIVE can never happen: versions become noncurrent when they expire at 2557 days, already in DEEP_ARCHIVE, and transitions only go further down. Fix: remove it, or target a class below DEEP_ARCHIVE',
        ]);
      });

      it('warns about a noncurrent transition back up the waterfall', () => {
        const value = {
          transitions: [{ storageClass: 'GLACIER_IR', days: 90 }],
          expirationDays: 400,
          noncurrentTransitions: [{ storageClass: 'STANDARD_IA', days: 30 }],
          noncurrentExpirationDays: 365,
        };
        expect(warningsOf(value)).toEqual([
          'archive.lifecycle.noncurrentTransitions[0]: STANDARD_IA can never happen: versions become noncurrent when they expire at 400 days, already in GLACIER_IR, and transitions only go further down. Fix: remove it, or target a class below GLACIER_IR',
        ]);
      });

      it('has no warning for a noncurrent transition further down than the class at expiration', () => {
        const value = {
          transitions: [{ storageClass: 'GLACIER_IR', days: 90 }],
          expirationDays: 400,
          noncurrentTransitions: [{ storageClass: 'DEEP_ARCHIVE', days: 30 }],
          noncurrentExpirationDays: 365,
        };
        expect(warningsOf(value)).toEqual([]);
      });

      it('has no warning for a noncurrent transition when current versions never leave STANDARD', () => {
        expect(warningsOf({ transitions: [], noncurrentTransitions: [{ storageClass: 'STANDARD_IA', days: 30 }] })).toEqual([]);
      });

      it('states each warning like a problem line (field, what happens, fix), and does not stop validation', () => {
        const input = lifecycle({
          transitionSmallObjects: true,
          noncurrentTransitions: [{ storageClass: 'GLACIER', days: 30 }],
          noncurrentExpirationDays: 365,
        });
        const warnings = configWarnings(configSchema.parse(input));
        expect(warnings.map((w) => w.split(': ')[0])).toEqual([
          'archive.lifecycle.transitions[0]',
          'archive.lifecycle.noncurrentTransitions[0]',
        ]);
        for (const line of warnings) expect(line).toMatch(PROBLEM_LINE);
        expect(problemsOf(input)).toEqual([]);
      });
    });
  });
});
