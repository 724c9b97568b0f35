import {
  CODEDEPLOY_DEPLOYMENT_DETAIL_TYPE,
  CODEDEPLOY_INSTANCE_DETAIL_TYPE,
  CODEDEPLOY_SOURCE,
  CODEDEPLOY_STATES,
  type CodeDeployState,
  codeDeployEventPattern,
  codeDeployFilterProblems,
} from '../../../modules/deployment-monitoring/codedeploy-events';
import { type Problem, problemLine } from '../../../modules/rules/problem';
import { CODEDEPLOY_SAMPLE_NAMES, codeDeploySample, samplesMatching } from '../../support/codedeploy-fixtures';
import { matchesEventPattern } from '../../support/event-pattern';

const lines = (problems: readonly Problem[]) => problems.map((p) => problemLine(p, ['rule']));

describe('CodeDeploy events', () => {
  it('name the source and detail-types of the documented samples', () => {
    expect(CODEDEPLOY_SOURCE).toBe('aws.codedeploy');
    expect(codeDeploySample('deployment-success')).toMatchObject({
      source: CODEDEPLOY_SOURCE,
      'detail-type': CODEDEPLOY_DEPLOYMENT_DETAIL_TYPE,
    });
    expect(codeDeploySample('instance-success')).toMatchObject({
      source: CODEDEPLOY_SOURCE,
      'detail-type': CODEDEPLOY_INSTANCE_DETAIL_TYPE,
    });
    expect(CODEDEPLOY_STATES).toEqual(['START', 'SUCCESS', 'FAILURE', 'STOP', 'READY']);
  });

  it('has every sample state among the known states', () => {
    for (const name of CODEDEPLOY_SAMPLE_NAMES) {
      const { source, detail } = codeDeploySample(name) as { source: string; detail: { state?: string } };
      if (source === CODEDEPLOY_SOURCE && detail.state) expect(CODEDEPLOY_STATES).toContain(detail.state);
    }
  });

  describe('codeDeployEventPattern', () => {
    it('builds the documented pattern shape: source, detail-type, then detail filters', () => {
      const pattern = codeDeployEventPattern({
        kinds: ['deployment'],
        states: ['FAILURE'],
        applications: ['checkout'],
        deploymentGroups: ['prod'],
      });
      expect(JSON.stringify(pattern)).toBe(
        '{"source":["aws.codedeploy"],"detail-type":["CodeDeploy Deployment State-change Notification"],' +
          '"detail":{"state":["FAILURE"],"application":["checkout"],"deploymentGroup":["prod"]}}',
      );
    });

    it('leaves out empty filters, and detail altogether when there are none', () => {
      expect(codeDeployEventPattern({ kinds: ['deployment', 'instance'], applications: [], states: [] })).toEqual({
        source: ['aws.codedeploy'],
        'detail-type': ['CodeDeploy Deployment State-change Notification', 'CodeDeploy Instance State-change Notification'],
      });
      expect(codeDeployEventPattern({ kinds: ['instance'], deploymentGroups: ['prod'] })).toEqual({
        source: ['aws.codedeploy'],
        'detail-type': ['CodeDeploy Instance State-change Notification'],
        detail: { deploymentGroup: ['prod'] },
      });
    });

    it('removes duplicate values, keeping the order given', () => {
      expect(codeDeployEventPattern({ kinds: ['instance', 'instance'], states: ['STOP', 'FAILURE', 'STOP'] })).toEqual({
        source: ['aws.codedeploy'],
        'detail-type': ['CodeDeploy Instance State-change Notification'],
        detail: { state: ['STOP', 'FAILURE'] },
      });
    });

    it('keeps to EC2 instances by the i- prefix of their id when asked, for instance events only', () => {
      expect(codeDeployEventPattern({ kinds: ['instance'], states: ['FAILURE'], ec2InstancesOnly: true })).toEqual({
        source: ['aws.codedeploy'],
        'detail-type': ['CodeDeploy Instance State-change Notification'],
        detail: { state: ['FAILURE'], instanceId: [{ prefix: 'i-' }] },
      });
      expect(lines(codeDeployFilterProblems({ kinds: ['deployment', 'instance'], ec2InstancesOnly: true }))).toEqual([
        'rule.ec2InstancesOnly: true applies to instance events only; deployment events carry no instanceId. Fix: filter instance events only, or leave it out',
      ]);
    });

    it('fails listing every invalid value', () => {
      expect(() => codeDeployEventPattern({ kinds: [], states: ['FAILED' as CodeDeployState], applications: [''] })).toThrow(
        'codeDeployEventPattern: filter.kinds: [] is empty. Fix: give "deployment", "instance" or both; ' +
          'filter.states[0]: "FAILED" is not a CodeDeploy state. Fix: use one of START, SUCCESS, FAILURE, STOP, READY; ' +
          'filter.applications[0]: "" is not a CodeDeploy name (1-100 characters). Fix: give the name as CodeDeploy shows it',
      );
      expect(lines(codeDeployFilterProblems({ kinds: ['build' as 'instance'], deploymentGroups: ['x'.repeat(101)] }))).toEqual([
        'rule.kinds[0]: "build" is not a CodeDeploy event kind. Fix: use "deployment" or "instance"',
        `rule.deploymentGroups[0]: "${'x'.repeat(101)}" is not a CodeDeploy name (1-100 characters). Fix: give the name as CodeDeploy shows it`,
      ]);
    });
  });

  describe('patterns against the documented samples', () => {
    const matching = (filter: Parameters<typeof codeDeployEventPattern>[0]) =>
      samplesMatching((event) => matchesEventPattern(codeDeployEventPattern(filter), event));

    it('matches every deployment and instance state change, and nothing else', () => {
      expect(matching({ kinds: ['deployment', 'instance'] })).toEqual([
        'deployment-failure',
        'deployment-stop',
        'deployment-success',
        'instance-failure',
        'instance-failure-staging',
        'instance-start',
        'instance-success',
      ]);
    });

    it('separates deployment events from instance events', () => {
      expect(matching({ kinds: ['deployment'] })).toEqual(['deployment-failure', 'deployment-stop', 'deployment-success']);
      expect(matching({ kinds: ['instance'] })).toEqual([
        'instance-failure',
        'instance-failure-staging',
        'instance-start',
        'instance-success',
      ]);
    });

    it('narrows by state, application and deployment group together', () => {
      expect(matching({ kinds: ['deployment', 'instance'], states: ['FAILURE'] })).toEqual([
        'deployment-failure',
        'instance-failure',
        'instance-failure-staging',
      ]);
      expect(matching({ kinds: ['instance'], states: ['FAILURE'], applications: ['checkout'], deploymentGroups: ['prod'] })).toEqual([
        'instance-failure',
      ]);
      expect(matching({ kinds: ['deployment'], states: ['FAILURE', 'STOP'], applications: ['checkout'] })).toEqual([
        'deployment-failure',
        'deployment-stop',
      ]);
      expect(matching({ kinds: ['deployment', 'instance'], applications: ['myApplication'] })).toEqual([
        'deployment-success',
        'instance-success',
      ]);
      expect(matching({ kinds: ['instance'], states: ['READY'] })).toEqual([]);
    });

    it('matches the EC2 instances of the samples when keeping to EC2 instances', () => {
      expect(matching({ kinds: ['instance'], ec2InstancesOnly: true })).toEqual(matching({ kinds: ['instance'] }));
      const sample = codeDeploySample('instance-success');
      const onPremises = { ...sample, detail: { ...(sample.detail as object), instanceId: 'onprem-web-01' } };
      expect(matchesEventPattern(codeDeployEventPattern({ kinds: ['instance'], ec2InstancesOnly: true }), onPremises)).toBe(false);
      expect(matchesEventPattern(codeDeployEventPattern({ kinds: ['instance'] }), onPremises)).toBe(true);
    });
  });
});
