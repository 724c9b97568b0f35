import { isSet, valuesAt } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** The function's log group is a managed resource, so its retention and key are set and reviewed. */
export const LambdaFunctionLogGroupManaged: Rule = {
  id: 'LambdaFunctionLogGroupManaged',
  level: 'warning',
  controls: [],
  finding: 'The function logs to a log group Terraform does not manage (no /aws/lambda/<name> group, no logging_config.log_group).',
  reason:
    'Lambda then creates the group itself on first run: no retention (kept and billed forever), no customer managed key, invisible to review.',
  resourceTypes: ['aws_lambda_function'],
  evaluate: (fn, facts) => {
    const configured = valuesAt(fn.config, 'logging_config.log_group').find(isSet);
    if (configured) return compliant(`logging_config.log_group is ${String(configured)}`);
    const name = facts.substitute(fn, String(fn.config.function_name ?? ''));
    const expected = `/aws/lambda/${name}`;
    const group = facts
      .ofType('aws_cloudwatch_log_group')
      .find((g) => g.stack === fn.stack && facts.substitute(g, String(g.config.name ?? '')) === expected);
    return group ? compliant(`${expected} is ${group.id}`) : nonCompliant(`no aws_cloudwatch_log_group named ${expected} in this stack`);
  },
};
