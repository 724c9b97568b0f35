/**
 * Peer dependency ranges: platform repos install this package next to their own cdktf,
 * @cdktf/provider-aws and constructs, so the peers are ranges (a repo a patch or, past 1.0, a minor
 * version away still installs) that the exact versions we develop and test with satisfy. What only
 * the `logs` commands load (DuckDB, the AWS SDK clients) is an optional peer: a repo that uses the
 * constructs, synth, plan, review or check never downloads it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';

const REPO_ROOT = path.resolve(__dirname, '..');

interface PackageJson {
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function readJson(file: string): PackageJson {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
}

const pkg = readJson(path.join(REPO_ROOT, 'package.json'));
const OPTIONAL_PEERS = ['@aws-sdk/client-cloudtrail', '@aws-sdk/client-s3', '@duckdb/node-api'];
const allPeers = Object.entries(pkg.peerDependencies ?? {});
const peers = allPeers.filter(([name]) => !pkg.peerDependenciesMeta?.[name]?.optional);
const optionalPeers = allPeers.filter(([name]) => pkg.peerDependenciesMeta?.[name]?.optional);

function installedVersion(name: string): string {
  return readJson(path.join(REPO_ROOT, 'node_modules', name, 'package.json')).version;
}

describe('peer dependencies', () => {
  it('are the construct libraries the package is built on', () => {
    expect(peers.map(([name]) => name).sort()).toEqual(['@cdktf/provider-aws', 'cdktf', 'constructs']);
  });

  it.each(peers)('%s %s is a range, not an exact version', (_name, range) => {
    expect(semver.validRange(range)).not.toBeNull();
    expect(semver.valid(range)).toBeNull();
  });

  it.each(peers)('%s: the tested devDependency and the installed version satisfy %s', (name, range) => {
    const tested = pkg.devDependencies?.[name];
    expect(tested).toBeDefined();
    expect(semver.satisfies(tested as string, range)).toBe(true);
    expect(installedVersion(name)).toBe(tested);
  });

  it.each(peers)('%s %s accepts the next patch, and the next minor from 1.0 on', (name, range) => {
    const tested = pkg.devDependencies?.[name] as string;
    expect(semver.satisfies(semver.inc(tested, 'patch') as string, range)).toBe(true);
    if (semver.major(tested) >= 1) expect(semver.satisfies(semver.inc(tested, 'minor') as string, range)).toBe(true);
    // Never the next major: the generated bindings and cdktf's API change there.
    expect(semver.satisfies(semver.inc(tested, 'major') as string, range)).toBe(false);
  });
});

describe('optional peer dependencies', () => {
  it('are what only the logs commands load: DuckDB and the AWS SDK clients', () => {
    expect(optionalPeers.map(([name]) => name).sort()).toEqual(OPTIONAL_PEERS);
    expect(Object.keys(pkg.peerDependenciesMeta ?? {}).sort()).toEqual(OPTIONAL_PEERS);
  });

  it('are no runtime dependency too: installing the package never downloads them', () => {
    expect(Object.keys(pkg.dependencies ?? {}).filter((name) => OPTIONAL_PEERS.includes(name))).toEqual([]);
  });

  it.each(optionalPeers)('%s %s is a range that the tested, installed devDependency satisfies', (name, range) => {
    expect(semver.validRange(range)).not.toBeNull();
    expect(semver.valid(range)).toBeNull();
    const tested = pkg.devDependencies?.[name];
    expect(tested).toBeDefined();
    expect(semver.satisfies(tested as string, range)).toBe(true);
    expect(installedVersion(name)).toBe(tested);
  });
});

describe('runtime dependencies', () => {
  it('are what the package root and the stacks entry load: zod (the config) and fflate (the Lambda zips)', () => {
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(['fflate', 'zod']);
  });
});

describe('dev dependencies', () => {
  it('are pinned to exact versions, which are the ones installed', () => {
    for (const [name, version] of Object.entries(pkg.devDependencies ?? {})) {
      expect({ name, exact: semver.valid(version) }).toEqual({ name, exact: version });
      expect({ name, installed: installedVersion(name) }).toEqual({ name, installed: version });
    }
  });
});
