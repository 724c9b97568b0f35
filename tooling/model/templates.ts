/**
 * CloudFormation templates inside synthesized stacks (`aws_cloudformation_stack_set` and
 * `aws_cloudformation_stack` `template_body`): their resources, with intrinsic functions rendered
 * as text, and where a StackSet fans out to (organizational units or accounts, regions).
 */

import { isJsonObject, type JsonObject } from '../terraform/plan-json';
import type { AppResource } from './app';
import type { Resolver } from './resolver';
import { block, parseJson, text, texts } from './values';

/** Resource types whose `template_body` is a CloudFormation template. */
const TEMPLATE_TYPES = ['aws_cloudformation_stack_set', 'aws_cloudformation_stack'] as const;

export interface TemplateResource {
  readonly logicalId: string;
  /** CloudFormation type, e.g. `AWS::Events::Rule`. */
  readonly type: string;
  /** Properties with intrinsic functions rendered as text (see `cfnPlain`). */
  readonly properties: JsonObject;
  /** The template condition the resource is created under (its `Condition` attribute), if any. */
  readonly condition?: string;
  /** `DeletionPolicy` as written (CloudFormation's default is `Delete` for most types). */
  readonly deletionPolicy?: string;
}

export interface Template {
  /** The Terraform resource holding the template. */
  readonly holder: AppResource;
  readonly resources: readonly TemplateResource[];
  /** The template's `Conditions`, each as JSON text, by name. */
  readonly conditions: Readonly<Record<string, string>>;
  /** The template's `Mappings` as JSON text ('' without), which `Fn::FindInMap` reads. */
  readonly mappings: string;
  /**
   * Its macros: the `Transform` section and every `Fn::Transform` (`AWS::Include` too), as JSON text
   * ('' without). CloudFormation runs them at deploy, so what it applies is not the text read here.
   */
  readonly transforms: string;
  /** Why the template could not be read (YAML, not JSON, no Resources), if so. */
  readonly problem?: string;
}

/** Where a StackSet deploys: targets (OUs, accounts) and regions of its instances. */
export interface FanOut {
  readonly stackSet: AppResource;
  readonly name: string;
  readonly permissionModel: string;
  readonly autoDeployment: string;
  readonly targets: readonly string[];
  readonly regions: readonly string[];
}

/** The template a resource holds, parsed; undefined for resources without `template_body`. */
export function templateOf(holder: AppResource): Template | undefined {
  if (!(TEMPLATE_TYPES as readonly string[]).includes(holder.type)) return undefined;
  const unread = (problem: string): Template => ({ holder, resources: [], conditions: {}, mappings: '', transforms: '', problem });
  const body = text(holder.config.template_body);
  if (body === undefined) return unread('no literal template_body (template_url or a reference): not read');
  // template_body is a Terraform string: `$${` and `%%{` are its escapes for a literal `${` and `%{`.
  const parsed = parseJson(body.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'));
  if (!isJsonObject(parsed)) return unread('template_body is not JSON (YAML templates are not read)');
  const resources = Object.entries(isJsonObject(parsed.Resources) ? parsed.Resources : {}).flatMap(([logicalId, r]) =>
    isJsonObject(r)
      ? [
          {
            logicalId,
            type: text(r.Type) ?? '?',
            properties: cfnPlain(r.Properties ?? {}) as JsonObject,
            ...(r.Condition === undefined ? {} : { condition: cfnText(r.Condition) }),
            ...(r.DeletionPolicy === undefined ? {} : { deletionPolicy: cfnText(r.DeletionPolicy) }),
          },
        ]
      : [],
  );
  const conditions = Object.fromEntries(
    Object.entries(isJsonObject(parsed.Conditions) ? parsed.Conditions : {}).map(([name, c]) => [name, JSON.stringify(c)]),
  );
  const inline = fnTransforms(parsed);
  const transforms = parsed.Transform === undefined && inline.length === 0 ? '' : JSON.stringify([parsed.Transform ?? null, ...inline]);
  return { holder, resources, conditions, mappings: parsed.Mappings === undefined ? '' : JSON.stringify(parsed.Mappings), transforms };
}

/** Every template in the app. */
export function templates(resolver: Resolver): Template[] {
  return TEMPLATE_TYPES.flatMap((type) => resolver.ofType(type)).flatMap((r) => templateOf(r) ?? []);
}

/** Every `Fn::Transform` in a template, as JSON text. */
function fnTransforms(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(fnTransforms);
  if (!isJsonObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'Fn::Transform' ? [JSON.stringify(v)] : fnTransforms(v)));
}

/**
 * A copy of a CloudFormation value with intrinsic functions as text: `{"Ref": "X"}` is `${X}`,
 * `Fn::Sub` its string, `Fn::GetAtt` `${X.Attr}`, `Fn::Join` the joined parts; others as JSON.
 */
function cfnPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cfnPlain);
  if (!isJsonObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return cfnText(value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cfnPlain(v)]));
}

function cfnText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!isJsonObject(value)) return JSON.stringify(value);
  const [fn, arg] = Object.entries(value)[0] ?? [];
  if (fn === 'Ref') return `\${${String(arg)}}`;
  if (fn === 'Fn::Sub') {
    if (!Array.isArray(arg)) return cfnText(arg);
    // `[template, {name: value}]`: the values are part of the text, or a changed value would read the same.
    const vars = isJsonObject(arg[1]) ? arg[1] : {};
    return cfnText(arg[0]).replace(/\$\{([^}!]+)\}/g, (whole, name: string) => (name in vars ? cfnText(vars[name]) : whole));
  }
  if (fn === 'Fn::GetAtt') return `\${${Array.isArray(arg) ? arg.map(cfnText).join('.') : String(arg)}}`;
  if (fn === 'Fn::Join' && Array.isArray(arg) && Array.isArray(arg[1])) return arg[1].map(cfnText).join(String(arg[0]));
  return JSON.stringify(value);
}

/**
 * Where each StackSet of the app deploys, from its `aws_cloudformation_stack_set_instance`s (one
 * Region each) and `aws_cloudformation_stack_instances` (a list of Regions).
 */
export function fanOuts(resolver: Resolver): FanOut[] {
  const instances = [...resolver.ofType('aws_cloudformation_stack_set_instance'), ...resolver.ofType('aws_cloudformation_stack_instances')];
  return resolver.ofType('aws_cloudformation_stack_set').map((set) => {
    const mine = instances.filter(
      (i) => i.stack === set.stack && resolver.refersTo(i.stack, i.config.stack_set_name, set.type)?.address === set.address,
    );
    const auto = block(set.config.auto_deployment);
    const targets = mine.flatMap((i) => {
      const t = block(i.config.deployment_targets);
      const accounts = texts(t.accounts).map((a) => `account ${a}`);
      const filter = text(t.account_filter_type);
      return [
        ...texts(t.organizational_unit_ids).map((ou) => (ou.startsWith('r-') ? `organization root ${ou}` : `OU ${ou}`)),
        // account_filter_type (CloudFormation API reference, DeploymentTargets): DIFFERENCE leaves the
        // accounts out of the OUs, INTERSECTION deploys only to them within the OUs, UNION adds them.
        ...(filter === 'DIFFERENCE'
          ? accounts.map((a) => `all but ${a}`)
          : filter === 'INTERSECTION'
            ? accounts.map((a) => `only ${a} of those OUs`)
            : accounts),
        ...(text(i.config.account_id) ? [`account ${i.config.account_id}`] : []),
        ...texts(i.config.accounts).map((a) => `account ${a}`),
      ];
    });
    const regions = mine.flatMap((i) => {
      if (texts(i.config.regions).length > 0) return texts(i.config.regions);
      return text(i.config.region) ? [text(i.config.region) as string] : i.provider.region ? [i.provider.region] : [];
    });
    return {
      stackSet: set,
      name: resolver.literalName(set) ?? set.name,
      permissionModel: text(set.config.permission_model) ?? 'SELF_MANAGED',
      autoDeployment:
        auto.enabled === true
          ? `new accounts get it automatically${auto.retain_stacks_on_account_removal === true ? '; stacks kept when an account leaves' : '; stacks deleted when an account leaves'}`
          : 'no automatic deployment',
      targets: [...new Set(targets)],
      regions: [...new Set(regions)],
    };
  });
}
