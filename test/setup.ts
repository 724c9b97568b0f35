import type { setupJest } from 'cdktf/lib/testing/adapters/jest';

/**
 * cdktf's jest matchers (toHaveResource, ...), and their types from the import above. The archive
 * tooling's tests (test/logs) synthesize nothing: they skip loading cdktf, about 0.4 s of CPU per file.
 */
if (!/[\\/]test[\\/]logs[\\/]/.test(expect.getState().testPath ?? '')) {
  (require('cdktf') as { Testing: { setupJest: typeof setupJest } }).Testing.setupJest();
}
