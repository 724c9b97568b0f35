/**
 * Checks CloudFormation templates against AWS's own resource specification: the CloudFormation
 * registry schemas as compiled by @aws-cdk/aws-service-spec (the database aws-cdk-lib generates
 * its L1 classes from). For every resource: the type exists; every required property is present;
 * every property name, and every nested property name of a typed structure (Targets, RetryPolicy,
 * Policies, ...), is one the type defines; values have the JSON shape of their type (string,
 * number, boolean, array, map, structure; allowed values where the spec lists them); and every
 * `Fn::GetAtt` names an attribute the resource type has.
 *
 * Intrinsics (`Ref`, `Fn::Sub`, ...) stand for values unknown until deployment and are accepted
 * wherever a value goes; both branches of an `Fn::If` are checked. The spec loads once per jest
 * file (about 1 s): `const spec = await loadCloudFormationSpec()` in `beforeAll`.
 */
import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
// Types of the database, from the package aws-service-spec itself depends on (pinned with it).
import type { PropertyType, SpecDatabase, Resource as SpecResource } from '@aws-cdk/service-spec-types';

type SpecProperties = SpecResource['properties'];
type SpecType = PropertyType;

/** Attributes every resource entry may carry besides Type and Properties (CloudFormation User Guide, "Resources"). */
const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'Condition',
  'DependsOn',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
]);

export interface CloudFormationSpec {
  /** Every way the template departs from the specification; empty when it conforms. */
  problems(template: unknown): string[];
  /** The specification of one resource type, or undefined when CloudFormation has no such type. */
  resourceType(type: string): SpecResource | undefined;
}

let loaded: Promise<CloudFormationSpec> | undefined;

/** The specification, loaded once per jest file (one per tier: test/support/specs.ts) however many specs ask. */
export function loadCloudFormationSpec(): Promise<CloudFormationSpec> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<CloudFormationSpec> {
  const db = await loadAwsServiceSpec();
  const resourceType = (type: string): SpecResource | undefined => db.lookup('resource', 'cloudFormationType', 'equals', type)[0];
  return {
    resourceType,
    problems: (template) => new Checker(db, resourceType).template(template),
  };
}

class Checker {
  private readonly found: string[] = [];

  constructor(
    private readonly db: SpecDatabase,
    private readonly resourceType: (type: string) => SpecResource | undefined,
  ) {}

  public template(template: unknown): string[] {
    const resources = isObject(template) ? template.Resources : undefined;
    if (!isObject(resources) || Object.keys(resources).length === 0) return ['Resources: missing or empty'];
    const types = new Map<string, SpecResource>();
    for (const [id, entry] of Object.entries(resources)) {
      const where = `Resources.${id}`;
      if (!isObject(entry) || typeof entry.Type !== 'string') {
        this.found.push(`${where}: no Type`);
        continue;
      }
      for (const key of Object.keys(entry)) if (!RESOURCE_KEYS.has(key)) this.found.push(`${where}: "${key}" is not a resource attribute`);
      const spec = this.resourceType(entry.Type);
      if (!spec) {
        this.found.push(`${where}: ${entry.Type} is not a CloudFormation resource type`);
        continue;
      }
      types.set(id, spec);
      const properties = entry.Properties ?? {};
      if (!isObject(properties)) this.found.push(`${where}.Properties: not an object`);
      else this.structure(spec.properties, properties, `${where}.Properties`, entry.Type);
    }
    this.getAtts(template, types);
    return this.found;
  }

  /** Property names, required properties and values of one structure (a resource's or a nested type's). */
  private structure(properties: SpecProperties, value: Record<string, unknown>, where: string, typeName: string): void {
    for (const [name, property] of Object.entries(properties)) {
      if (property.required && !(name in value)) this.found.push(`${where}: required property ${name} of ${typeName} is missing`);
    }
    for (const [name, item] of Object.entries(value)) {
      const property = properties[name];
      if (!property) this.found.push(`${where}.${name}: ${typeName} has no property ${name}`);
      else this.value(property.type, item, `${where}.${name}`);
    }
  }

  private value(type: SpecType, value: unknown, where: string): void {
    if (isIntrinsic(value)) {
      const branches = isObject(value) && Array.isArray(value['Fn::If']) ? value['Fn::If'].slice(1) : [];
      for (const branch of branches) if (!isNoValue(branch)) this.value(type, branch, where);
      return;
    }
    const problems = this.shapeProblems(type, value, where);
    this.found.push(...problems);
  }

  /** Problems of one value against one type, without recording them (unions try each member). */
  private shapeProblems(type: SpecType, value: unknown, where: string): string[] {
    const sub = new Checker(this.db, this.resourceType);
    switch (type.type) {
      case 'json':
        return [];
      case 'string':
      case 'date-time':
        if (!['string', 'number', 'boolean'].includes(typeof value)) return [`${where}: expected a string`];
        if (type.type === 'string' && type.allowedValues && typeof value === 'string' && !type.allowedValues.includes(value)) {
          return [`${where}: "${value}" is not one of ${type.allowedValues.join(', ')}`];
        }
        return [];
      case 'integer':
      case 'number':
        return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
          ? []
          : [`${where}: expected a number`];
      case 'boolean':
        return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : [`${where}: expected a boolean`];
      case 'null':
        return value === null ? [] : [`${where}: expected null`];
      case 'tag':
        sub.structure(TAG_PROPERTIES, isObject(value) ? value : {}, where, 'Tag');
        return isObject(value) ? sub.found : [`${where}: expected a tag {Key, Value}`];
      case 'array':
        if (!Array.isArray(value)) return [`${where}: expected a list`];
        value.forEach((item, i) => {
          sub.value(type.element, item, `${where}[${i}]`);
        });
        return sub.found;
      case 'map':
        if (!isObject(value)) return [`${where}: expected a map`];
        for (const [key, item] of Object.entries(value)) sub.value(type.element, item, `${where}.${key}`);
        return sub.found;
      case 'ref': {
        const definition = this.db.get('typeDefinition', type.reference.$ref);
        if (!isObject(value)) return [`${where}: expected a ${definition.name} structure`];
        sub.structure(definition.properties, value, where, definition.name);
        return sub.found;
      }
      case 'union': {
        const attempts = type.types.map((member: SpecType) => this.shapeProblems(member, value, where));
        return attempts.some((problems: string[]) => problems.length === 0) ? [] : attempts[0];
      }
      default:
        return [`${where}: unknown specification type ${JSON.stringify(type)}`];
    }
  }

  /** Every `Fn::GetAtt` names an attribute of its resource's type. */
  private getAtts(value: unknown, types: Map<string, SpecResource>, where = ''): void {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        this.getAtts(item, types, `${where}[${i}]`);
      });
      return;
    }
    if (!isObject(value)) return;
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt) && Object.keys(value).length === 1) {
      const [id, attribute] = getAtt.map(String);
      const spec = types.get(id);
      if (spec && !(attribute in spec.attributes)) {
        this.found.push(
          `${where}: ${spec.cloudFormationType} has no attribute ${attribute} (has ${Object.keys(spec.attributes).join(', ')})`,
        );
      }
      return;
    }
    for (const [key, item] of Object.entries(value)) this.getAtts(item, types, where ? `${where}.${key}` : key);
  }
}

const TAG_PROPERTIES: SpecProperties = {
  Key: { type: { type: 'string' }, required: true },
  Value: { type: { type: 'string' }, required: true },
};

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `{ "Ref": ... }` or `{ "Fn::...": ... }`: a value CloudFormation computes at deployment. */
function isIntrinsic(value: unknown): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function isNoValue(value: unknown): boolean {
  return isObject(value) && value.Ref === 'AWS::NoValue';
}
