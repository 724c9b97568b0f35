import { expectProblem, problemsOf, withChange } from '../support/config';

describe('config', () => {
  describe('lifecycle', () => {
    const lifecycle = (value: unknown) => withChange('archive.lifecycle', value);

    it('accepts the default lifecycle', () => {
      expect(problemsOf(lifecycle({}))).toEqual([]);
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
  });
});
