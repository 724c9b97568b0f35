/**
 * The README's config reference keeps up with the schema: every field of config.schema.json is
 * named there (in backticks), and every section has its own heading. The schema is read from the
 * generated file, which test/config/json-schema.spec.ts keeps in step with the validator.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/config';

type SchemaNode = {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  $ref?: string;
};

const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'config.schema.json'), 'utf8')) as SchemaNode & {
  $defs?: Record<string, SchemaNode>;
};
const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const reference = readme.slice(readme.indexOf('## Config reference'), readme.indexOf('\n## ', readme.indexOf('## Config reference') + 1));

/** `[dotted path, field name]` of every field, array items as `[]`. */
function fields(node: SchemaNode, prefix: string): [string, string][] {
  const resolved = node.$ref ? (schema.$defs?.[node.$ref.split('/').pop() as string] ?? node) : node;
  const own = Object.entries(resolved.properties ?? {}).flatMap(([name, child]): [string, string][] => {
    const dotted = prefix ? `${prefix}.${name}` : name;
    return [[dotted, name], ...fields(child, dotted)];
  });
  const nested = [...(resolved.items ? [resolved.items] : []), ...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])].flatMap((n) =>
    fields(n, resolved.items === n ? `${prefix}[]` : prefix),
  );
  return [...own, ...nested];
}

const all = fields(schema, '').filter(([dotted]) => dotted !== '$schema');

describe('README config reference', () => {
  it('reads the schema: it has the sections and many fields', () => {
    expect(reference.length).toBeGreaterThan(1000);
    expect(all.length).toBeGreaterThan(100);
  });

  it('names every field of the schema in code (`name`, `section.name`, `{ "name" }`)', () => {
    const fenced = reference.match(/```[a-z]*\n[\s\S]*?```/g) ?? [];
    const inline = reference.replace(/```[a-z]*\n[\s\S]*?```/g, '').match(/`[^`\n]+`/g) ?? [];
    const code = [...fenced, ...inline].join(' ');
    const missing = all.filter(([, name]) => !new RegExp(`(^|[^A-Za-z0-9])${name}([^A-Za-z0-9]|$)`).test(code)).map(([d]) => d);
    expect(missing).toEqual([]);
  });

  it('gives every object section of the config its own heading', () => {
    const sections = Object.entries(schema.properties ?? {})
      .filter(([, node]) => node.properties || node.$ref)
      .map(([name]) => name);
    expect(sections.length).toBeGreaterThan(5);
    const missing = sections.filter((name) => !reference.includes(`### \`${name}\``));
    expect(missing).toEqual([]);
  });
});
