#!/usr/bin/env node
/**
 * The installed command (package.json "bin"): `cdktf-org-logging <command> [flags]` from a platform
 * repo's node_modules/.bin, run from the compiled build in dist/ (no TypeScript at run time).
 * This repo's npm scripts run the same `runCli` from the sources (bin/cli.js, bin/<command>.ts).
 */
import { PROVIDER_CACHE_ENV } from './commands';
import { packageRoot } from './package-root';
import { installedIo, providerCacheFor, runCli } from './run-cli';

const cache = providerCacheFor(packageRoot());
if (!process.env[PROVIDER_CACHE_ENV] && cache) process.env[PROVIDER_CACHE_ENV] = cache;

void runCli(process.argv.slice(2), installedIo()).then((code) => {
  process.exitCode = code;
});
