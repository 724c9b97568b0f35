/**
 * The security diff of the Athena layer's settings that decide what a query may do and what it
 * reads: a workgroup that stops enforcing its configuration lets every query choose its own output
 * location, encryption and scan cap (athena/latest/ug/workgroups-settings-override.html); results
 * no longer encrypted with the reviewed key are readable under another key's policy; a Glue table
 * whose location moves reads other data, so audit answers could come from a bucket nobody protects.
 */

import { type AppResource, type AppStack, block, isFalse, num, text } from '../../model';
import { compare, type Pair, unless } from './compare';
import type { Finding, Severity } from './findings';

/** Every setting difference of the stack's workgroups and Glue tables. */
export function diffQueries(p: Pair, before: AppStack, after: AppStack): Finding[] {
  const of = (stack: AppStack, type: string) => stack.resources.filter((r) => r.type === type).map((r) => ({ resource: r }));
  const name = (r: AppResource) => text(r.config.name) ?? r.name;
  const workgroup = (r: AppResource) => block(r.config.configuration);
  const results = (r: AppResource) => block(workgroup(r).result_configuration);
  const cap = (r: AppResource) => num(workgroup(r).bytes_scanned_cutoff_per_query);
  const parameters = (r: AppResource) => block(r.config.parameters);
  return [
    ...compare(p, of(before, 'aws_athena_workgroup'), of(after, 'aws_athena_workgroup'), (w) => `workgroup ${name(w.resource)}`, [
      [
        'enforced configuration',
        (w) =>
          isFalse(workgroup(w.resource).enforce_workgroup_configuration) ? 'off: queries choose output, encryption and scan cap' : 'on',
        unless((b) => b === 'on'),
      ],
      [
        'result encryption',
        (w) => {
          const e = block(results(w.resource).encryption_configuration);
          return [text(e.encryption_option) ?? 'none', text(e.kms_key_arn)].filter(Boolean).join(' with ');
        },
        () => 'dangerous',
      ],
      ['result location', (w) => text(results(w.resource).output_location) ?? 'none', () => 'notable'],
      ['expected bucket owner', (w) => text(results(w.resource).expected_bucket_owner) ?? 'none', () => 'notable'],
      ['scan cap (bytes per query)', (w) => String(cap(w.resource) ?? 'none'), capChange],
    ]),
    ...compare(p, of(before, 'aws_glue_catalog_table'), of(after, 'aws_glue_catalog_table'), (t) => `Glue table ${name(t.resource)}`, [
      ['location', (t) => text(block(t.resource.config.storage_descriptor).location) ?? 'none', () => 'dangerous'],
      ['location template', (t) => text(parameters(t.resource)['storage.location.template']) ?? 'none', () => 'dangerous'],
    ]),
  ];
}

/** A cap removed or raised lets one query scan (and cost) more: notable; lowered: info. */
function capChange(a: string, b: string): Severity {
  if (b === 'none') return 'notable';
  return a !== 'none' && Number(b) < Number(a) ? 'info' : 'notable';
}
