#!/usr/bin/env node
/**
 * The installed command (package.json "bin"): `cdktf-org-logging <command> [flags]` from a platform
 * repo's node_modules/.bin, run from the compiled build in dist/ (no TypeScript at run time).
 * This repo's npm scripts run the same `runCli` from the sources (bin/cli.js, bin/<command>.ts).
 */
import { PROVIDER_CACHE_ENV } from './commands';
import { rerunWithFewerArenas } from './malloc-arenas';
import { packageRoot } from './package-root';
import { installedIo, providerCacheFor, runCli } from './run-cli';

const cache = providerCacheFor(packageRoot());
if (!process.env[PROVIDER_CACHE_ENV] && cache) process.env[PROVIDER_CACHE_ENV] = cache;

// A logs import runs again in a process with fewer malloc arenas (bin/malloc-arenas.ts).
const argv = process.argv.slice(2);
const rerun = argv[0] === 'logs' ? rerunWithFewerArenas(argv.slice(1)) : undefined;
if (rerun !== undefined) process.exit(rerun);
else
  void runCli(argv, installedIo()).then((code) => {
    process.exitCode = code;
  });
