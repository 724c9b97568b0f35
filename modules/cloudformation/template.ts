import type { IConstruct } from 'constructs';
import type { ConditionExpression, TemplateValue } from './intrinsics';

/**
 * A small typed builder for CloudFormation templates, rendered to the minified JSON Terraform
 * sends as `template_body` (aws_cloudformation_stack, aws_cloudformation_stack_set). It checks
 * what CloudFormation would reject at create time: logical id format and uniqueness, and every
 * `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `Fn::If`, `Fn::FindInMap`, `Condition` and `DependsOn`
 * pointing at something the template declares.
 */

/**
 * Largest `TemplateBody` CloudFormation accepts: 51,200 bytes. Larger templates must be uploaded
 * to S3 and passed as `TemplateURL` (CloudFormation User Guide, "CloudFormation quotas").
 */
export const CLOUDFORMATION_TEMPLATE_BODY_LIMIT = 51_200;

/** Logical ids: alphanumeric (A-Za-z0-9), unique in the template (CloudFormation User Guide, "Resources"). */
const LOGICAL_ID = /^[A-Za-z0-9]+$/;
const MAX_LOGICAL_ID_LENGTH = 255;

/**
 * Fails synth when a template outgrows `CLOUDFORMATION_TEMPLATE_BODY_LIMIT`, instead of failing at
 * apply (larger templates must be uploaded to S3 and passed as a template URL).
 */
export function addTemplateSizeValidation(scope: IConstruct, template: CloudFormationTemplate): void {
  scope.node.addValidation({
    validate: () => {
      const size = template.sizeBytes;
      return size > CLOUDFORMATION_TEMPLATE_BODY_LIMIT
        ? [
            `${scope.node.path}: template is ${size} bytes; a CloudFormation template body holds at most ${CLOUDFORMATION_TEMPLATE_BODY_LIMIT} bytes`,
          ]
        : [];
    },
  });
}

/**
 * The text as a Terraform string: Terraform's JSON syntax reads `${` and `%{` in every string as
 * an interpolation or a directive, so a template's `Fn::Sub` placeholders (`${AWS::Region}`) are
 * written `$${` (and `%{` as `%%{`); Terraform turns them back before calling the API (Terraform
 * language, "JSON Configuration Syntax", string templates). Without it `terraform validate` fails.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`);
}

export interface TemplateParameter {
  readonly Type: string;
  readonly Description?: string;
  readonly Default?: string | number;
  readonly AllowedValues?: readonly string[];
  readonly AllowedPattern?: string;
}

export interface TemplateResource {
  /** `AWS::Service::Resource`. */
  readonly Type: string;
  readonly Properties?: { readonly [key: string]: TemplateValue | undefined };
  /** Name of a condition in the template: the resource exists only where it holds. */
  readonly Condition?: string;
  readonly DependsOn?: string | readonly string[];
  readonly DeletionPolicy?: 'Delete' | 'Retain' | 'RetainExceptOnCreate' | 'Snapshot';
  readonly UpdateReplacePolicy?: 'Delete' | 'Retain' | 'Snapshot';
}

export interface TemplateOutput {
  readonly Value: TemplateValue;
  readonly Description?: string;
  readonly Condition?: string;
  /**
   * Exports the value under a name unique in the account and Region, for `Fn::ImportValue` in other
   * stacks (CloudFormation User Guide, "Outputs").
   */
  readonly Export?: { readonly Name: TemplateValue };
}

/**
 * One mapping: top-level keys (such as Region names), each a map of second-level names to literal
 * strings or lists (CloudFormation User Guide, "Mappings": keys and values are literals, no
 * parameters or intrinsics).
 */
export type TemplateMapping = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface CloudFormationTemplateJson {
  AWSTemplateFormatVersion: '2010-09-09';
  Description?: string;
  Parameters?: Record<string, TemplateParameter>;
  Mappings?: Record<string, TemplateMapping>;
  Conditions?: Record<string, ConditionExpression>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, TemplateOutput>;
}

export interface CloudFormationTemplateProps {
  /** @default - no description */
  readonly description?: string;
}

/** An ordered CloudFormation template. Sections render in the order entries were added. */
export class CloudFormationTemplate {
  private readonly description?: string;
  private readonly parameters = new Map<string, TemplateParameter>();
  private readonly mappings = new Map<string, TemplateMapping>();
  private readonly conditions = new Map<string, ConditionExpression>();
  private readonly resources = new Map<string, TemplateResource>();
  private readonly outputs = new Map<string, TemplateOutput>();

  constructor(props: CloudFormationTemplateProps = {}) {
    // Template description: at most 1,024 bytes (CloudFormation User Guide, "Format version and description").
    if (props.description !== undefined && Buffer.byteLength(props.description, 'utf8') > 1024) {
      throw new Error('CloudFormationTemplate: the description is longer than 1,024 bytes');
    }
    this.description = props.description;
  }

  public addParameter(logicalId: string, parameter: TemplateParameter): this {
    this.checkNew(logicalId, 'parameter', this.parameters.has(logicalId) || this.resources.has(logicalId));
    this.parameters.set(logicalId, parameter);
    return this;
  }

  public addMapping(name: string, mapping: TemplateMapping): this {
    this.checkNew(name, 'mapping', this.mappings.has(name));
    if (Object.keys(mapping).length === 0) throw new Error(`CloudFormationTemplate: mapping "${name}" has no keys`);
    for (const [key, names] of Object.entries(mapping)) {
      if (Object.keys(names).length === 0) throw new Error(`CloudFormationTemplate: mapping "${name}" key "${key}" has no values`);
    }
    this.mappings.set(name, mapping);
    return this;
  }

  public addCondition(name: string, expression: ConditionExpression): this {
    this.checkNew(name, 'condition', this.conditions.has(name));
    this.conditions.set(name, expression);
    return this;
  }

  public addResource(logicalId: string, resource: TemplateResource): this {
    this.checkNew(logicalId, 'resource', this.parameters.has(logicalId) || this.resources.has(logicalId));
    this.resources.set(logicalId, resource);
    return this;
  }

  public addOutput(logicalId: string, output: TemplateOutput): this {
    this.checkNew(logicalId, 'output', this.outputs.has(logicalId));
    this.outputs.set(logicalId, output);
    return this;
  }

  /** Logical ids of the resources, in order. */
  public get resourceIds(): string[] {
    return [...this.resources.keys()];
  }

  public resource(logicalId: string): TemplateResource {
    const found = this.resources.get(logicalId);
    if (!found) throw new Error(`CloudFormationTemplate: no resource ${logicalId} (have ${this.resourceIds.join(', ')})`);
    return found;
  }

  /** The template as JSON; throws listing every dangling reference. */
  public toJSON(): CloudFormationTemplateJson {
    const problems = this.problems();
    if (problems.length > 0) throw new Error(`CloudFormationTemplate: ${problems.join('; ')}`);
    return {
      AWSTemplateFormatVersion: '2010-09-09',
      ...(this.description !== undefined ? { Description: this.description } : {}),
      ...(this.parameters.size > 0 ? { Parameters: Object.fromEntries(this.parameters) } : {}),
      ...(this.mappings.size > 0 ? { Mappings: Object.fromEntries(this.mappings) } : {}),
      ...(this.conditions.size > 0 ? { Conditions: Object.fromEntries(this.conditions) } : {}),
      Resources: Object.fromEntries(this.resources),
      ...(this.outputs.size > 0 ? { Outputs: Object.fromEntries(this.outputs) } : {}),
    };
  }

  /** Minified JSON: the `template_body` Terraform sends and CloudFormation measures. */
  public render(): string {
    return JSON.stringify(this.toJSON());
  }

  /** Size of `render()` in UTF-8 bytes, to compare with `CLOUDFORMATION_TEMPLATE_BODY_LIMIT`. */
  public get sizeBytes(): number {
    return Buffer.byteLength(this.render(), 'utf8');
  }

  private checkNew(id: string, kind: string, taken: boolean): void {
    if (!LOGICAL_ID.test(id) || id.length > MAX_LOGICAL_ID_LENGTH) {
      throw new Error(`CloudFormationTemplate: ${kind} id "${id}" must be 1-${MAX_LOGICAL_ID_LENGTH} characters of [A-Za-z0-9]`);
    }
    if (taken) throw new Error(`CloudFormationTemplate: ${kind} id "${id}" is already used in this template`);
  }

  /** Every reference that points at nothing the template declares. */
  private problems(): string[] {
    const problems: string[] = [];
    if (this.resources.size === 0) problems.push('a template needs at least one resource');
    const refs = new Set([...this.parameters.keys(), ...this.resources.keys()]);
    const check: Checks = {
      ref: (name, where) => {
        if (!refs.has(name) && !name.startsWith('AWS::')) problems.push(`${where}: Ref to undeclared "${name}"`);
      },
      resource: (name, where) => {
        if (!this.resources.has(name)) problems.push(`${where}: Fn::GetAtt on undeclared resource "${name}"`);
      },
      condition: (name, where) => {
        if (!this.conditions.has(name)) problems.push(`${where}: undeclared condition "${name}"`);
      },
      mapping: (name, key, where) => {
        const mapping = this.mappings.get(name);
        if (!mapping) problems.push(`${where}: Fn::FindInMap on undeclared mapping "${name}"`);
        else if (key !== undefined && !(key in mapping)) problems.push(`${where}: mapping "${name}" has no key "${key}"`);
      },
    };
    for (const [name, expression] of this.conditions) walk(expression, `Conditions.${name}`, check);
    for (const [id, resource] of this.resources) {
      if (resource.Condition !== undefined) check.condition(resource.Condition, `Resources.${id}.Condition`);
      const dependsOn = typeof resource.DependsOn === 'string' ? [resource.DependsOn] : (resource.DependsOn ?? []);
      for (const target of dependsOn)
        if (!this.resources.has(target)) problems.push(`Resources.${id}.DependsOn: undeclared resource "${target}"`);
      walk(resource.Properties ?? {}, `Resources.${id}.Properties`, check);
    }
    for (const [id, output] of this.outputs) {
      if (output.Condition !== undefined) check.condition(output.Condition, `Outputs.${id}.Condition`);
      walk(output.Value, `Outputs.${id}.Value`, check);
      if (output.Export) walk(output.Export.Name, `Outputs.${id}.Export.Name`, check);
    }
    return problems;
  }
}

interface Checks {
  ref(name: string, where: string): void;
  resource(name: string, where: string): void;
  condition(name: string, where: string): void;
  /** `key`: the top-level key when it is a literal. */
  mapping(name: string, key: string | undefined, where: string): void;
}

/** Visits every intrinsic in a value and reports what it refers to. */
function walk(value: unknown, where: string, check: Checks): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walk(item, `${where}[${i}]`, check);
    });
  } else if (value !== null && typeof value === 'object' && !visitIntrinsic(value, where, check)) {
    for (const [key, item] of Object.entries(value)) walk(item, `${where}.${key}`, check);
  }
}

/** Reports the references of an intrinsic; false when `value` is a plain object. */
function visitIntrinsic(value: object, where: string, check: Checks): boolean {
  const entries = Object.entries(value);
  if (entries.length !== 1) return false;
  const [key, arg] = entries[0];
  if (key === 'Ref' && typeof arg === 'string') check.ref(arg, where);
  else if (key === 'Condition' && typeof arg === 'string') check.condition(arg, where);
  else if (key === 'Fn::GetAtt' && Array.isArray(arg)) check.resource(String(arg[0]), where);
  else if (key === 'Fn::If' && Array.isArray(arg)) {
    check.condition(String(arg[0]), where);
    walk(arg.slice(1), `${where}.Fn::If`, check);
  } else if (key === 'Fn::FindInMap' && Array.isArray(arg)) {
    check.mapping(String(arg[0]), typeof arg[1] === 'string' ? arg[1] : undefined, where);
    walk(arg.slice(1), `${where}.Fn::FindInMap`, check);
  } else if (key === 'Fn::Select' && Array.isArray(arg)) {
    walk(arg, `${where}.Fn::Select`, check);
  } else if (key === 'Fn::Sub' && typeof arg === 'string') {
    // `${Name}` and `${Name.Attribute}` are references; `${!Literal}` is an escaped literal.
    for (const [, variable] of arg.matchAll(/\$\{([^!}][^}]*)\}/g)) {
      const [name, attribute] = variable.split('.');
      if (attribute === undefined) check.ref(name, where);
      else check.resource(name, where);
    }
  } else return false;
  return true;
}
