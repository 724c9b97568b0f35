import type { KeyAdministrators } from './key-policy-statements';
import { accountIdProblems, iamRoleArnProblems, regionProblems } from './rules/identifiers';
import { kmsAliasProblems } from './rules/names';
import { daysProblems, problem } from './rules/problem';
import { checkProp, type PropCheck } from './rules/prop-validation';

/* What a LogEncryptionKey's props must obey, checked at synth (log-encryption-key.ts). */

/** The props the checks read (a LogEncryptionKeyProps). */
interface CheckedKeyProps {
  readonly accountId: string;
  readonly region: string;
  readonly aliasName: string;
  readonly administrators?: KeyAdministrators;
  readonly allowRootKeyAdministration?: boolean;
  readonly deletionWindowInDays?: number;
  readonly rotationPeriodInDays?: number;
}

/**
 * Props objects of keys that a construct of this library creates for a resource it owns
 * (`resourceKey`): their root administration is the owner's documented default, not a user's
 * opt-out, so they record no warning.
 */
const RESOURCE_KEY_PROPS = new WeakSet<object>();

/** Marks the props of a key its owning construct creates (`resourceKey`). */
export function markResourceKeyProps(props: CheckedKeyProps): void {
  RESOURCE_KEY_PROPS.add(props);
}

export function isResourceKeyProps(props: CheckedKeyProps): boolean {
  return RESOURCE_KEY_PROPS.has(props);
}

/** The rules a key's props obey (KMS API reference: CreateAlias, ScheduleKeyDeletion, EnableKeyRotation). */
export function keyPropChecks(props: CheckedKeyProps): PropCheck[] {
  const administration: PropCheck[] = [];
  if (!props.administrators && !props.allowRootKeyAdministration) {
    administration.push({
      prop: 'administrators',
      value: undefined,
      problems: () => [
        problem(
          undefined,
          `is required: without it the key would be administered by the whole account ${props.accountId} (root kms:*), so any IAM policy there could grant using, disabling or deleting it`,
          'name the roles that administer it ({ deploymentRoleArn, breakGlassRoleArn }), or set allowRootKeyAdministration: true (recorded as a warning)',
        ),
      ],
    });
  }
  return [
    ...checkProp('accountId', props.accountId, accountIdProblems),
    ...checkProp('region', props.region, regionProblems),
    ...checkProp('aliasName', props.aliasName, kmsAliasProblems),
    // PendingWindowInDays: 7-30 (ScheduleKeyDeletion); RotationPeriodInDays: 90-2560 (EnableKeyRotation).
    ...checkProp('deletionWindowInDays', props.deletionWindowInDays, (d) => daysProblems(d, 7, 30)),
    ...checkProp('rotationPeriodInDays', props.rotationPeriodInDays, (d) => daysProblems(d, 90, 2560)),
    ...checkProp('administrators.deploymentRoleArn', props.administrators?.deploymentRoleArn, iamRoleArnProblems),
    ...checkProp('administrators.breakGlassRoleArn', props.administrators?.breakGlassRoleArn, iamRoleArnProblems),
    ...administration,
  ];
}
