import { Testing } from 'cdktf';
import { CENTRAL_BUS_DEFAULTS, CentralEventBus, type CentralEventBusProps } from '../../modules/deployment-monitoring/central-event-bus';
import { EncryptedQueue } from '../../modules/deployment-monitoring/encrypted-queue';
import { EventRoute } from '../../modules/deployment-monitoring/event-route';
import { type PolicyDocument, PolicyStatement } from '../../modules/policy-document';
import { AUDIT, addressAt, annotationsOf, ORGANIZATION_ID, preventDestroyFlags, resourceAt, statementsOf } from '../support/modules';
import { resourcesOf, synthJson, testStack, validationErrors } from '../support/synth';

const BUS = `arn:aws:events:us-east-1:${AUDIT}:event-bus/deployments`;
const DLQ = `arn:aws:sqs:us-east-1:${AUDIT}:deployments-bus-dlq`;
const FORWARDER = 'acme-codedeploy-forwarder';

function newBus(props: Partial<CentralEventBusProps> = {}) {
  const stack = testStack();
  const bus = new CentralEventBus(stack, 'Bus', {
    busName: 'deployments',
    accountId: AUDIT,
    region: 'us-east-1',
    organizationId: ORGANIZATION_ID,
    forwarderRoleName: FORWARDER,
    ...props,
  });
  return { stack, bus };
}

const BUS_POLICY = [
  {
    Sid: 'AllowForwardersPutCodeDeployEvents',
    Effect: 'Allow',
    Principal: '*',
    Action: 'events:PutEvents',
    Resource: BUS,
    Condition: {
      StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID },
      ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/${FORWARDER}` },
      'ForAllValues:StringEquals': {
        'events:source': 'aws.codedeploy',
        'events:detail-type': ['CodeDeploy Deployment State-change Notification', 'CodeDeploy Instance State-change Notification'],
      },
      Null: { 'events:source': 'false', 'events:detail-type': 'false' },
    },
  },
  {
    Sid: 'DenyRuleChangesFromOtherAccounts',
    Effect: 'Deny',
    Principal: '*',
    Action: [
      'events:PutRule',
      'events:DeleteRule',
      'events:EnableRule',
      'events:DisableRule',
      'events:PutTargets',
      'events:RemoveTargets',
      'events:TagResource',
      'events:UntagResource',
    ],
    Resource: `arn:aws:events:us-east-1:${AUDIT}:rule/deployments/*`,
    Condition: { StringNotEquals: { 'aws:PrincipalAccount': AUDIT }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
  },
];

describe('CentralEventBus', () => {
  describe('bus', () => {
    it('is a custom bus encrypted with its own customer managed key, guarded by prevent_destroy, with a literal ARN', () => {
      const { stack, bus } = newBus();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_cloudwatch_event_bus', 'Bus/Bus')).toEqual({
        name: 'deployments',
        kms_key_identifier: `\${${addressAt(json, 'aws_kms_key', 'Bus/Key')}.arn}`,
        dead_letter_config: { arn: DLQ },
        lifecycle: { prevent_destroy: true },
        depends_on: [
          addressAt(json, 'aws_sqs_queue', 'Bus/DeadLetterQueue'),
          addressAt(json, 'aws_sqs_queue_policy', 'Bus/DeadLetterQueue/Policy'),
        ],
      });
      expect(resourceAt(json, 'aws_kms_key', 'Bus/Key')).toMatchObject({
        description: 'Encrypts the deployments EventBridge event bus',
        lifecycle: { prevent_destroy: true },
      });
      expect(resourceAt(json, 'aws_kms_alias', 'Bus/Key/Alias')).toMatchObject({ name: 'alias/events/deployments' });
      expect(bus.busArn).toBe(BUS);
      expect(bus.dependables).toEqual([bus.bus]);
    });

    it('takes a key alias and tags', () => {
      const { stack } = newBus({ keyAliasName: 'alias/deploy-bus', tags: { Team: 'platform' } });
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_kms_alias', 'Bus/Key/Alias')).toMatchObject({ name: 'alias/deploy-bus' });
      expect(resourceAt(json, 'aws_cloudwatch_event_bus', 'Bus/Bus')).toMatchObject({ tags: { Team: 'platform' } });
    });

    it('lets EventBridge use the key for this bus only (encryption context), and describe it for this account', () => {
      const { stack } = newBus();
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_kms_key', 'Bus/Key'))).toEqual([
        {
          Sid: 'EnableKeyAdministrationByOwningAccount',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'AllowEventBridgeEncryptBusEvents',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:EncryptionContext:aws:events:event-bus:arn': BUS } },
        },
        {
          Sid: 'AllowEventBridgeDescribeBusKey',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'kms:DescribeKey',
          Resource: '*',
          Condition: { StringEqualsIfExists: { 'aws:SourceAccount': AUDIT } },
        },
        {
          Sid: 'AllowEventBridgeUseQueueKey',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:EncryptionContext:aws:sqs:arn': DLQ } },
        },
      ]);
    });

    it('has a dead-letter queue encrypted with the bus key (no second key), that only this bus may send to, kept 14 days', () => {
      const { stack, bus } = newBus();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_sqs_queue', 'Bus/DeadLetterQueue')).toMatchObject({
        name: 'deployments-bus-dlq',
        kms_master_key_id: `\${${addressAt(json, 'aws_kms_key', 'Bus/Key')}.arn}`,
        message_retention_seconds: 1_209_600,
      });
      expect(Object.keys(resourcesOf(json, 'aws_kms_key'))).toEqual([addressAt(json, 'aws_kms_key', 'Bus/Key').split('.')[1]]);
      expect(bus.deadLetterQueue.key).toBe(bus.key);
      expect(statementsOf(resourceAt(json, 'aws_sqs_queue_policy', 'Bus/DeadLetterQueue/Policy'))[0]).toEqual({
        Sid: 'AllowEventBusDeadLetters',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: DLQ,
        Condition: { ArnEquals: { 'aws:SourceArn': BUS } },
      });
      expect(newBus({ deadLetterQueueName: 'bus-failures' }).bus.deadLetterQueue.queueArn).toBe(
        `arn:aws:sqs:us-east-1:${AUDIT}:bus-failures`,
      );
    });

    it.each([
      [
        'an invalid bus name',
        { busName: 'team/deployments' },
        'test/Bus: busName: "team/deployments" is not a custom event bus name (1-256 of letters, digits, . _ -; "default" is the account\'s own bus). Fix: use only those characters, and another name than "default"',
      ],
      [
        'the default bus',
        { busName: 'default' },
        'test/Bus: busName: "default" is not a custom event bus name (1-256 of letters, digits, . _ -; "default" is the account\'s own bus). Fix: use only those characters, and another name than "default"',
      ],
      [
        'an archive name over 48 characters',
        { busName: 'b'.repeat(49) },
        `test/Bus: archiveName: "${'b'.repeat(49)}" is not an event archive name (1-48 of letters, digits, . _ -). Fix: use a shorter name of those characters`,
      ],
      [
        'a negative retention',
        { archiveRetentionDays: -1 },
        'test/Bus: archiveRetentionDays: -1 must be at least 0 days. Fix: use 0 or more',
      ],
      [
        'a fractional retention',
        { archiveRetentionDays: 1.5 },
        'test/Bus: archiveRetentionDays: 1.5 must be a whole number of days. Fix: write a number from 0 to 36500 without decimals',
      ],
      [
        'a forwarder role ARN instead of its name',
        { forwarderRoleName: `arn:aws:iam::${AUDIT}:role/x` },
        `test/Bus: forwarderRoleName: "arn:aws:iam::${AUDIT}:role/x" is not an IAM role name (1-64 of letters, digits and + = , . @ _ -). Fix: use a shorter name of those characters`,
      ],
    ])('refuses %s at synth', (_label, props, line) => {
      const { stack } = newBus(props);
      expect(validationErrors(stack).filter((l) => l.startsWith('test/Bus: '))).toEqual([line]);
      expect(() => Testing.synth(stack, true)).toThrow(line);
    });

    it('names its key after the bus with dots as hyphens, which KMS aliases do not allow', () => {
      const { stack, bus } = newBus({ busName: 'acme.deployments' });
      expect(bus.key.aliasName).toBe('alias/events/acme-deployments');
      expect(validationErrors(stack)).toEqual([]);
    });

    it('reports every problem at once', () => {
      expect(
        validationErrors(newBus({ busName: 'team/deployments', archiveRetentionDays: -1 }).stack).map((l) =>
          l.split(': ').slice(0, 2).join(': '),
        ),
      ).toEqual([
        'test/Bus: busName',
        'test/Bus: archiveRetentionDays',
        // Its dead-letter queue is named after the bus (`<busName>-bus-dlq`).
        'test/Bus/DeadLetterQueue: queueName',
      ]);
    });
  });

  describe('bus policy', () => {
    it("lets the organization's forwarding roles put CodeDeploy events in one statement, and denies rule changes to every other account", () => {
      const { stack, bus } = newBus();
      const json = synthJson(stack);
      const policy = resourceAt(json, 'aws_cloudwatch_event_bus_policy', 'Bus/Policy');
      expect(policy.event_bus_name).toBe(`\${${addressAt(json, 'aws_cloudwatch_event_bus', 'Bus/Bus')}.name}`);
      expect(statementsOf(policy)).toEqual(BUS_POLICY);
      expect(bus.policyDocument().toJSON().Statement).toEqual(BUS_POLICY);
    });

    it('does not grow with the organization: its size depends on names only', () => {
      const small = newBus().bus.policyDocument().sizeBytes;
      const other = newBus({ organizationId: 'o-zyxwvutsrq' }).bus.policyDocument().sizeBytes;
      expect(other).toBe(small);
      expect(small).toBeLessThan(10_240);
    });

    it('fails synth when the policy outgrows the 10,240-character EventBridge limit', () => {
      class OversizedBus extends CentralEventBus {
        public override policyDocument(): PolicyDocument {
          const doc = super.policyDocument();
          for (let i = 0; i < 60; i++) {
            doc.addStatements(
              new PolicyStatement({
                sid: `AllowAccount${i}`,
                principal: { AWS: `arn:aws:iam::${String(i).padStart(12, '0')}:root` },
                actions: ['events:PutEvents'],
                resources: [BUS],
              }),
            );
          }
          return doc;
        }
      }
      const stack = testStack();
      new OversizedBus(stack, 'Bus', {
        busName: 'deployments',
        accountId: AUDIT,
        region: 'us-east-1',
        organizationId: ORGANIZATION_ID,
        forwarderRoleName: FORWARDER,
      });
      expect(() => Testing.synth(stack, true)).toThrow(
        /Bus: policy is \d+ bytes; an EventBridge event bus policy holds at most 10240 bytes/,
      );
      expect(() => Testing.synth(newBus().stack, true)).not.toThrow();
    });
  });

  describe('archive', () => {
    it('holds every event of the bus indefinitely by default, guarded by prevent_destroy', () => {
      const { stack } = newBus();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_cloudwatch_event_archive', 'Bus/Archive')).toEqual({
        name: 'deployments',
        description: 'Every event of the deployments bus, for replay',
        event_source_arn: `\${${addressAt(json, 'aws_cloudwatch_event_bus', 'Bus/Bus')}.arn}`,
        retention_days: 0,
        lifecycle: { prevent_destroy: true },
      });
      expect(CENTRAL_BUS_DEFAULTS).toEqual({ archiveRetentionDays: 0 });
    });

    it('takes a name and a retention in days', () => {
      const { stack } = newBus({ archiveName: 'deploy-replay', archiveRetentionDays: 400 });
      expect(resourceAt(synthJson(stack), 'aws_cloudwatch_event_archive', 'Bus/Archive')).toMatchObject({
        name: 'deploy-replay',
        retention_days: 400,
      });
    });

    it('notes that the archive is encrypted with an AWS owned key', () => {
      expect(annotationsOf(newBus().bus, 'info')).toEqual([
        {
          path: 'Bus/Archive',
          message: 'archive deployments is encrypted with an AWS owned key: hashicorp/aws 5.100.0 cannot give it the bus key',
        },
      ]);
    });
  });

  describe('allowDestroy', () => {
    it('guards bus, key and archive by default, and warns nothing', () => {
      const { stack, bus } = newBus();
      expect(preventDestroyFlags(synthJson(stack))).toEqual({
        'aws_cloudwatch_event_bus.Bus': true,
        'aws_cloudwatch_event_archive.Bus_Archive': true,
        'aws_kms_key.Bus_Key': true,
      });
      expect(annotationsOf(bus, 'warning')).toEqual([]);
    });

    it('lifts prevent_destroy on bus, key and archive, with a warning for each guarded resource', () => {
      const { stack, bus } = newBus({ allowDestroy: true });
      expect(preventDestroyFlags(synthJson(stack))).toEqual({
        'aws_cloudwatch_event_bus.Bus': false,
        'aws_cloudwatch_event_archive.Bus_Archive': false,
        'aws_kms_key.Bus_Key': false,
      });
      expect(annotationsOf(bus, 'warning')).toEqual([
        { path: 'Bus', message: 'allowDestroy: event bus deployments and its archive are not guarded by prevent_destroy' },
        { path: 'Bus/Key', message: 'allowDestroy: KMS key alias/events/deployments is not guarded by prevent_destroy' },
      ]);
    });
  });

  describe('addRoute', () => {
    it('adds a route on this bus, passing its allowDestroy on', () => {
      const { stack, bus } = newBus({ allowDestroy: true });
      const queue = new EncryptedQueue(stack, 'Queue', { queueName: 'deploy-events', accountId: AUDIT, region: 'us-east-1' });
      const route = bus.addRoute('Failures', {
        routeName: 'failures',
        filter: { kinds: ['deployment'] },
        targets: [{ type: 'queue', id: 'queue', queue }],
      });
      expect(route).toBeInstanceOf(EventRoute);
      expect(route.node.path).toBe('test/Bus/Failures');
      expect(route.ruleArns).toEqual([`arn:aws:events:us-east-1:${AUDIT}:rule/deployments/failures-data`]);
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_cloudwatch_event_rule', 'Bus/Failures/Rule-data')).toMatchObject({
        event_bus_name: 'deployments',
        depends_on: [addressAt(json, 'aws_cloudwatch_event_bus', 'Bus/Bus')],
      });
      expect(preventDestroyFlags(json)['aws_kms_key.Bus_Failures_DeadLetterQueue_Key']).toBe(false);
    });
  });
});
