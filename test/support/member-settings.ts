/** Member rollout settings shared by the deployment-monitoring construct tests. */
import type { MemberRolloutSettings } from '../../modules/deployment-monitoring/member-settings';
import { AUDIT } from './modules';

export const CENTRAL_BUS = `arn:aws:events:us-east-1:${AUDIT}:event-bus/deployments`;
/** The account and Region that own the snapshot volume. */
export const SNAPSHOT_ACCOUNT = '555555555555';
export const SNAPSHOT_REGION = 'eu-west-1';
export const VOLUME = 'vol-0123456789abcdef0';

/** Forwarding of both kinds, a stop action on failed production instances, a snapshot action. */
export const SETTINGS: MemberRolloutSettings = {
  namePrefix: 'acme',
  centralBusArn: CENTRAL_BUS,
  homeRegion: 'us-east-1',
  forwardingKinds: ['deployment', 'instance'],
  instanceActions: [
    { name: 'stop-failed-prod', action: 'stop', applications: ['checkout'], deploymentGroups: ['prod'], states: ['FAILURE'] },
    {
      name: 'snapshot-before-deploy',
      action: 'create-snapshot',
      applications: ['ledger'],
      states: ['START'],
      snapshot: { volumeId: VOLUME, accountId: SNAPSHOT_ACCOUNT, region: SNAPSHOT_REGION },
    },
  ],
};

/** Forwarding only: what most organizations roll out. */
export const FORWARDING_ONLY: MemberRolloutSettings = { ...SETTINGS, instanceActions: [] };
