import { block, isTrue } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** Accounts that join the organization later get the member-account monitoring without anyone acting. */
export const CloudFormationStackSetAutoDeploys: Rule = {
  id: 'CloudFormationStackSetAutoDeploys',
  level: 'warning',
  controls: [],
  finding: 'The StackSet does not deploy automatically to accounts that join its organizational units.',
  reason: 'A self-managed or non-automatic StackSet leaves every new account unmonitored until someone remembers to add it.',
  resourceTypes: ['aws_cloudformation_stack_set'],
  evaluate: (stackSet) => {
    const model = String(stackSet.config.permission_model ?? 'SELF_MANAGED');
    if (model !== 'SERVICE_MANAGED')
      return nonCompliant(`permission_model is ${model}; only SERVICE_MANAGED stack sets deploy automatically`);
    return isTrue(block(stackSet.config.auto_deployment).enabled)
      ? compliant('SERVICE_MANAGED with auto_deployment enabled')
      : nonCompliant('auto_deployment.enabled is not true');
  },
};
