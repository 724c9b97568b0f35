import {
  operationPreferenceProblems,
  resolveOperationPreferences,
  type StackSetOperationPreferences,
} from '../../../modules/deployment-monitoring/stack-set-preferences';
import { problemLine } from '../../../modules/rules/problem';

describe('StackSet operation preferences', () => {
  describe('resolveOperationPreferences', () => {
    it('applies the defaults: 25% at once, 25% may fail, soft failure tolerance, Regions in parallel', () => {
      expect(resolveOperationPreferences()).toEqual({
        maxConcurrentPercentage: 25,
        failureTolerancePercentage: 25,
        concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        regionConcurrencyType: 'PARALLEL',
      });
    });

    it('sends a count instead of the default percentage of its pair, never both', () => {
      expect(resolveOperationPreferences({ maxConcurrentCount: 20 })).toEqual({
        maxConcurrentCount: 20,
        failureTolerancePercentage: 25,
        concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        regionConcurrencyType: 'PARALLEL',
      });
      expect(resolveOperationPreferences({ failureToleranceCount: 0, regionConcurrencyType: 'SEQUENTIAL' })).toEqual({
        maxConcurrentPercentage: 25,
        failureToleranceCount: 0,
        concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        regionConcurrencyType: 'SEQUENTIAL',
      });
    });
  });

  describe('operationPreferenceProblems', () => {
    it('accepts the bounds AWS states', () => {
      for (const p of [
        { maxConcurrentPercentage: 1, failureTolerancePercentage: 0 },
        { maxConcurrentPercentage: 100, failureTolerancePercentage: 100 },
        { maxConcurrentCount: 1, failureToleranceCount: 0, concurrencyMode: 'STRICT_FAILURE_TOLERANCE' },
        { maxConcurrentCount: 5000, failureToleranceCount: 5000 },
      ] as StackSetOperationPreferences[]) {
        expect(operationPreferenceProblems(p)).toEqual([]);
      }
    });

    it('names each value out of range and each pair given twice', () => {
      const problems = operationPreferenceProblems({
        maxConcurrentPercentage: 50,
        maxConcurrentCount: 0,
        failureTolerancePercentage: 2.5,
        failureToleranceCount: -1,
        concurrencyMode: 'FAST' as 'SOFT_FAILURE_TOLERANCE',
        regionConcurrencyType: 'ALL' as 'PARALLEL',
      });
      expect(problems.map((p) => problemLine(p, ['stackSets']))).toEqual([
        'stackSets.maxConcurrentCount: 0 is not an integer of at least 1. Fix: write a whole number of at least 1',
        'stackSets.failureTolerancePercentage: 2.5 is not an integer from 0 to 100. Fix: write a whole number from 0 to 100',
        'stackSets.failureToleranceCount: -1 is not an integer of at least 0. Fix: write a whole number of at least 0',
        'stackSets.maxConcurrentCount: 0 is set and so is maxConcurrentPercentage; CloudFormation takes one or the other. Fix: leave out maxConcurrentCount or maxConcurrentPercentage',
        'stackSets.failureToleranceCount: -1 is set and so is failureTolerancePercentage; CloudFormation takes one or the other. Fix: leave out failureToleranceCount or failureTolerancePercentage',
        'stackSets.concurrencyMode: "FAST" is not a concurrency mode. Fix: use SOFT_FAILURE_TOLERANCE or STRICT_FAILURE_TOLERANCE',
        'stackSets.regionConcurrencyType: "ALL" is not a Region concurrency type. Fix: use SEQUENTIAL or PARALLEL',
      ]);
    });
  });
});
