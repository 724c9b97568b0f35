#!/usr/bin/env node
/**
 * The installed command (package.json "bin"): `cdktf-org-logging <command> [flags]` from a platform
 * repo's node_modules/.bin, run from the compiled build in dist/ (no TypeScript at run time).
 * This repo's npm scripts run the same `runCli` from the sources (bin/cli.js, bin/<command>.ts).
 */
import * as path from 'node:path';
import { PROVIDER_CACHE_ENV } from './commands';
import { packageRoot } from './package-root';
import { installedIo, runCli } from './run-cli';

// `plan` without a provider mirror fills one from the registry, by default under the package's own
// folder; installed, that is node_modules/<package>: keep it in node_modules/.cache instead, the
// project's cache folder, so nothing is written into the installed package.
const modules = path.dirname(packageRoot());
if (!process.env[PROVIDER_CACHE_ENV] && path.basename(modules) === 'node_modules') {
  process.env[PROVIDER_CACHE_ENV] = path.join(modules, '.cache', 'cdktf-org-logging', 'provider-mirror');
}

void runCli(process.argv.slice(2), installedIo()).then((code) => {
  process.exitCode = code;
});
