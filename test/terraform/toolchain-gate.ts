/**
 * Whether the terraform tests run here. Without terraform or the provider mirror they are skipped
 * with a loud banner (reported as skipped, never as passed), except in CI (`CI` set), where the
 * tier's `beforeAll` fails them instead (`requireToolchain`).
 */
import { type Availability, locateToolchain, type Toolchain } from '../../tooling/terraform';

export const availability: Availability = locateToolchain();

/** CI requires the terraform tier. */
export const required = Boolean(process.env.CI) && !['0', 'false'].includes(process.env.CI ?? '');

/** Tests that need terraform: skipped without it, unless CI requires them (then `requireToolchain` fails the tier). */
export const tfIt = availability.available || required ? it : it.skip;

/** Prints the "not run" banner once per test file when terraform is missing and CI does not require it. */
export function warnIfNotRun(file: string): void {
  if (availability.available || required) return;
  console.warn(
    [
      '',
      '*'.repeat(100),
      `TERRAFORM TIER NOT RUN (${file}): ${availability.reason}.`,
      'The terraform tests below are SKIPPED, not passed. Install terraform and the hashicorp/aws 5.100.0 filesystem mirror',
      '(or set TF_PROVIDER_MIRROR) to run them; in CI (CI set) they fail instead.',
      '*'.repeat(100),
      '',
    ].join('\n'),
  );
}

/** For a `beforeAll`: the toolchain, or undefined when the tier is skipped; throws when CI requires a missing one. */
export function requireToolchain(): Toolchain | undefined {
  if (availability.available) return availability.toolchain;
  if (required) {
    throw new Error(
      `TERRAFORM TIER REQUIRED BUT NOT RUNNABLE (CI is set): ${availability.reason}. The machine image must provide terraform and the hashicorp/aws mirror.`,
    );
  }
  return undefined;
}
