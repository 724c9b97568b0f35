#!/usr/bin/env node
/**
 * The installed command (package.json "bin"): `cdktf-org-logging <command> [flags]` from a platform
 * repo's node_modules/.bin, run from the compiled build in dist/ (no TypeScript at run time).
 * This repo's npm scripts run the same `runCli` from the sources (bin/cli.js, bin/<command>.ts).
 */
import { PROVIDER_CACHE_ENV } from './commands';
import { rerunWithMallocSettings } from './malloc-settings';
import { packageRoot } from './package-root';
import { installedIo, providerCacheFor, runCli } from './run-cli';

const cache = providerCacheFor(packageRoot());
if (!process.env[PROVIDER_CACHE_ENV] && cache) process.env[PROVIDER_CACHE_ENV] = cache;

// A logs import runs again in a process with glibc malloc settings that keep its memory down (bin/malloc-settings.ts).
const argv = process.argv.slice(2);
const rerun = argv[0] === 'logs' ? rerunWithMallocSettings(argv.slice(1)) : undefined;
if (rerun !== undefined) process.exit(rerun);
else
  void runCli(argv, installedIo()).then((code) => {
    process.exitCode = code;
  });
