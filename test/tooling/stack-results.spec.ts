import {
  countChanges,
  type Diagnostic,
  diagnosticModule,
  type PlanJson,
  type ResourceChange,
  type RootModule,
  splitByStack,
  stackPlan,
} from '../../tooling/terraform';

function change(address: string, actions: string[], mode: 'managed' | 'data' = 'managed'): ResourceChange {
  const [type, name] = address.split('.').slice(-2);
  return { address, mode, type, name, change: { actions, before: null, after: {} } };
}

/** A combined plan of two stacks, `module.log_archive` and `module.log_archive_2` (a key that starts like the first). */
function combinedPlan(): PlanJson {
  const resource = (module: string, type: string, name: string) => ({
    address: `module.${module}.${type}.${name}`,
    mode: 'managed' as const,
    type,
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    values: { name },
  });
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    errored: false,
    planned_values: {
      root_module: {
        child_modules: [
          { address: 'module.log_archive', resources: [resource('log_archive', 'aws_s3_bucket', 'Archive')] },
          { address: 'module.log_archive_2', resources: [resource('log_archive_2', 'aws_kms_key', 'Key')] },
        ],
      },
    },
    resource_changes: [
      { ...change('module.log_archive.aws_s3_bucket.Archive', ['create']), module_address: 'module.log_archive' },
      { ...change('module.log_archive_2.aws_kms_key.Key', ['create']), module_address: 'module.log_archive_2' },
    ],
    configuration: {
      provider_config: {
        'module.log_archive:aws': {
          name: 'aws',
          module_address: 'module.log_archive',
          expressions: { region: { constant_value: 'eu-west-1' } },
        },
        'module.log_archive:aws.replica': { name: 'aws', alias: 'replica', module_address: 'module.log_archive' },
        'module.log_archive_2:aws': { name: 'aws', module_address: 'module.log_archive_2' },
      },
      root_module: {
        module_calls: {
          log_archive: {
            source: './log-archive',
            module: {
              resources: [
                {
                  address: 'aws_s3_bucket.Archive',
                  mode: 'managed',
                  type: 'aws_s3_bucket',
                  name: 'Archive',
                  provider_config_key: 'module.log_archive:aws',
                },
              ],
            },
          },
          log_archive_2: { source: './log-archive-2', module: { resources: [] } },
        },
      },
    },
    relevant_attributes: [
      { resource: 'module.log_archive.aws_s3_bucket.Archive', attribute: ['arn'] },
      { resource: 'module.log_archive_2.aws_kms_key.Key', attribute: ['arn'] },
    ],
  };
}

describe('countChanges', () => {
  it('counts managed resources by action, replacements in either order as one replace', () => {
    expect(
      countChanges([
        change('aws_s3_bucket.a', ['create']),
        change('aws_s3_bucket.b', ['create']),
        change('aws_s3_bucket.c', ['update']),
        change('aws_s3_bucket.d', ['delete']),
        change('aws_s3_bucket.e', ['delete', 'create']),
        change('aws_s3_bucket.f', ['create', 'delete']),
        change('aws_s3_bucket.g', ['no-op']),
        change('aws_s3_bucket.h', ['forget']),
      ]),
    ).toEqual({ create: 2, update: 1, delete: 1, replace: 2, noop: 1, other: 1 });
  });

  it('does not count data source reads', () => {
    expect(countChanges([change('data.terraform_remote_state.s', ['read'], 'data')])).toEqual({
      create: 0,
      update: 0,
      delete: 0,
      replace: 0,
      noop: 0,
      other: 0,
    });
  });
});

describe('stackPlan', () => {
  it('keeps only the module, with addresses local to the stack', () => {
    const plan = stackPlan(combinedPlan(), 'log_archive');
    expect(plan.planned_values.root_module.resources?.map((r) => r.address)).toEqual(['aws_s3_bucket.Archive']);
    expect(plan.resource_changes).toEqual([{ ...change('aws_s3_bucket.Archive', ['create']) }]);
    expect(plan.relevant_attributes).toEqual([{ resource: 'aws_s3_bucket.Archive', attribute: ['arn'] }]);
    expect(plan).toMatchObject({ format_version: '1.2', terraform_version: '1.11.4', errored: false });
  });

  it('keys providers as a stack planned alone would (aws, aws.<alias>) and makes the module configuration the root', () => {
    const plan = stackPlan(combinedPlan(), 'log_archive');
    expect(plan.configuration.provider_config).toEqual({
      aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } },
      'aws.replica': { name: 'aws', alias: 'replica' },
    });
    expect(plan.configuration.root_module).toEqual({
      resources: [
        { address: 'aws_s3_bucket.Archive', mode: 'managed', type: 'aws_s3_bucket', name: 'Archive', provider_config_key: 'aws' },
      ],
    });
  });

  it('does not take a module whose key merely starts with the same text', () => {
    const plan = stackPlan(combinedPlan(), 'log_archive_2');
    expect(plan.resource_changes?.map((c) => c.address)).toEqual(['aws_kms_key.Key']);
    expect(Object.keys(plan.configuration.provider_config ?? {})).toEqual(['aws']);
  });

  it('leaves the combined plan untouched and gives an empty plan for an unknown module', () => {
    const combined = combinedPlan();
    stackPlan(combined, 'log_archive');
    expect(combined).toEqual(combinedPlan());
    const none = stackPlan(combined, 'nope');
    expect(none.resource_changes).toEqual([]);
    expect(none.planned_values.root_module).toEqual({ resources: [] });
  });
});

describe('diagnosticModule', () => {
  const modules: RootModule[] = [
    { key: 'log_archive', folder: 'log-archive', prefix: '', stack: 'log-archive' },
    { key: 'log_archive_2', folder: 'log-archive-2', prefix: '', stack: 'log-archive-2' },
  ];
  const at = (d: Partial<Diagnostic>): string | undefined => diagnosticModule({ severity: 'error', summary: 's', ...d }, modules)?.stack;

  it('finds the stack by the file the diagnostic points into', () => {
    expect(at({ range: { filename: 'log-archive-2/cdk.tf.json', start: { line: 3, column: 1 } } })).toBe('log-archive-2');
    expect(at({ range: { filename: 'log-archive/cdk.tf.json', start: { line: 3, column: 1 } } })).toBe('log-archive');
  });

  it('finds the stack by the resource address', () => {
    expect(at({ address: 'module.log_archive_2.aws_kms_key.Key' })).toBe('log-archive-2');
    expect(at({ address: 'module.log_archive.aws_s3_bucket.Archive' })).toBe('log-archive');
    expect(at({ address: 'module.log_archive' })).toBe('log-archive');
  });

  it('attributes nothing when the diagnostic names no stack', () => {
    expect(at({})).toBeUndefined();
    expect(at({ range: { filename: 'main.tf.json', start: { line: 1, column: 1 } } })).toBeUndefined();
  });
});

describe('splitByStack', () => {
  const modules: RootModule[] = [
    { key: 'log_archive', folder: 'log-archive', prefix: '', stack: 'log-archive' },
    { key: 'log_archive_2', folder: 'log-archive-2', prefix: '', stack: 'log-archive-2' },
  ];
  const error = (summary: string, filename?: string): Diagnostic => ({
    severity: 'error',
    summary,
    ...(filename ? { range: { filename, start: { line: 1, column: 1 } } } : {}),
  });

  it('gives each stack its plan and counts when the plan ran', () => {
    const split = splitByStack({
      modules,
      validate: { valid: true, unexpected: [], ignoredBackends: 2 },
      plan: { plan: combinedPlan(), diagnostics: [], exitCode: 0, stderr: '' },
    });
    expect(split.stacks.map((s) => [s.module.stack, s.ok, s.changes?.create, s.plan?.resource_changes?.[0].address])).toEqual([
      ['log-archive', true, 1, 'aws_s3_bucket.Archive'],
      ['log-archive-2', true, 1, 'aws_kms_key.Key'],
    ]);
    expect(split.unattributed).toEqual([]);
  });

  it('blames the stack a diagnostic points into, keeps the rest apart, and plans nothing when the plan failed', () => {
    const warning: Diagnostic = { severity: 'warning', summary: 'deprecated', address: 'module.log_archive.aws_s3_bucket.Archive' };
    const split = splitByStack({
      modules,
      validate: { valid: false, unexpected: [error('bad argument', 'log-archive-2/cdk.tf.json'), error('somewhere')], ignoredBackends: 0 },
      plan: { plan: undefined, diagnostics: [warning], exitCode: 1, stderr: '' },
    });
    expect(
      split.stacks.map((s) => ({
        stack: s.module.stack,
        ok: s.ok,
        validate: s.validateDiagnostics,
        plan: s.planDiagnostics,
        changes: s.changes,
      })),
    ).toEqual([
      { stack: 'log-archive', ok: false, validate: [], plan: [warning], changes: undefined },
      { stack: 'log-archive-2', ok: false, validate: [error('bad argument', 'log-archive-2/cdk.tf.json')], plan: [], changes: undefined },
    ]);
    expect(split.unattributed).toEqual([error('somewhere')]);
  });
});
