/**
 * Where each command of the CLI lives: the one file that names the command entries (tooling/ is
 * regrouped from time to time; fix the paths here). Each entry loads on first use, so `review` never
 * loads the stacks or zod, `synth` never loads the review, and only `logs` loads the archive tooling
 * (whose optional peers, DuckDB and the AWS SDK, load later still, when a command needs them).
 */

import type { runCheckCommand } from '../tooling/checks';
import type { runLogs } from '../tooling/logs/cli';
import type { runReviewCommand } from '../tooling/review';
import type { runPlanCommand } from '../tooling/terraform/plan-command';
import type { runSynthCommand } from './synth-command';

/** What the synth, plan, review and check commands print to (lines) and where their relative paths start. */
export type { CommandIo } from '../tooling/command-io';
/** What the logs commands print to (raw text) and where their relative paths start. */
export type { LogsIo } from '../tooling/logs/commands/io';

export const loadSynth = (): typeof runSynthCommand => (require('./synth-command') as typeof import('./synth-command')).runSynthCommand;

export const loadPlan = (): typeof runPlanCommand =>
  (require('../tooling/terraform/plan-command') as typeof import('../tooling/terraform/plan-command')).runPlanCommand;

export const loadReview = (): typeof runReviewCommand =>
  (require('../tooling/review') as typeof import('../tooling/review')).runReviewCommand;

export const loadCheck = (): typeof runCheckCommand => (require('../tooling/checks') as typeof import('../tooling/checks')).runCheckCommand;

export const loadLogs = (): typeof runLogs => (require('../tooling/logs/cli') as typeof import('../tooling/logs/cli')).runLogs;

/**
 * The environment variable that moves the provider mirror `plan` fills from the registry when no
 * mirror is installed (tooling/terraform/provider-source.ts reads it; a test checks the two agree).
 */
export const PROVIDER_CACHE_ENV = 'CDKTF_ORG_LOGGING_PROVIDER_CACHE';
