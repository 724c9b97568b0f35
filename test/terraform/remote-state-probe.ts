/** A probe stack for the terraform tier: shows what remote state hands a consumer in an offline plan. */
import type { StackJson } from '../../tooling/terraform';

/**
 * A stack that reads every output of `source` through `terraform_remote_state` configured like the
 * source's own backend, as later stacks do, and hands them to a `terraform_data` resource: its
 * planned `input` shows what remote state gave a consumer in the offline plan.
 */
export function remoteStateProbe(sourceName: string, source: StackJson): StackJson {
  const [backend] = Object.entries(source.terraform?.backend ?? {});
  if (!backend) throw new Error(`remoteStateProbe: stack ${sourceName} has no backend to read`);
  const [type, config] = backend;
  const ref = sourceName.replace(/[^A-Za-z0-9_]/g, '_');
  const input = Object.fromEntries(Object.keys(source.output ?? {}).map((o) => [o, `\${data.terraform_remote_state.${ref}.outputs.${o}}`]));
  return {
    data: { terraform_remote_state: { [ref]: { backend: type, config: structuredClone(config) } } },
    resource: { terraform_data: { remote_state_probe: { input } } },
  };
}
