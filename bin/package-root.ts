/**
 * The package's own folder, found from this file upwards: the repo root when the sources run
 * (`bin/`), the installed package when the published build runs (`dist/bin/`). The shipped
 * examples, schema and package.json live there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function packageRoot(): string {
  let dir = __dirname;
  for (let level = 0; level < 4; level++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`no package.json above ${__dirname}: the package must ship its package.json`);
}

interface PackageJson {
  readonly version: string;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

export function packageJson(): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as PackageJson;
}
