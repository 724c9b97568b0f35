/**
 * Module resolution cache for the launcher (bin/cli.js): where `require(request)` from a folder led
 * last time, for requests whose answer depends only on what is installed, so the next run skips
 * Node's search (stat calls, package.json reads; about 950 resolutions, 40-50 ms of a synth):
 *   - any request from a module inside node_modules (cdktf's 150 relative requires, zod's, ...);
 *   - a package name from anywhere (`@cdktf/provider-aws/lib/s3-bucket`, `cdktf`, `zod`).
 * Relative requests between this package's own sources are always resolved afresh: adding, moving
 * or deleting a source file takes effect on the next run.
 *
 *   file:  <ts-cache dir>/v8/<name>-resolve.json: the install stamp and [folder + request, file] pairs
 *   stamp: size, mtime and inode of node_modules/.package-lock.json, which npm rewrites on every
 *          install, update or removal; another stamp discards the whole file. No such file (another
 *          package manager): no cache.
 * Each remembered file is checked to still exist before it is used; a missing one is resolved
 * afresh. Written at exit, atomically, when the run resolved something new. What it cannot see: a
 * file added by hand inside node_modules that would now win a resolution (npm never does that);
 * `CDKTF_ORG_LOGGING_CODE_CACHE=0` turns this cache off with the code cache.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const OFF_ENV = 'CDKTF_ORG_LOGGING_CODE_CACHE';
const FORMAT = 1;

/** The install stamp of the node_modules folder `root` holds, or undefined when npm's lock file is not there. */
function installStamp(root) {
  const stat = fs.statSync(path.join(root, 'node_modules', '.package-lock.json'), { throwIfNoEntry: false });
  return stat ? `${FORMAT}:${process.version}:${stat.size}:${stat.mtimeMs}:${stat.ino}` : undefined;
}

function readEntries(file, stamp) {
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (saved.stamp === stamp && Array.isArray(saved.entries)) return new Map(saved.entries);
  } catch {
    // Missing or unreadable: start empty.
  }
  return new Map();
}

/** Whether the answer to `request` from `parent` depends only on what node_modules holds. */
function cacheable(request, parent) {
  if (!parent?.filename || Module.isBuiltin(request)) return false;
  const relative = request.startsWith('.') || path.isAbsolute(request);
  return !relative || parent.filename.includes(`${path.sep}node_modules${path.sep}`);
}

/** Resolves through the cache file named `name` in `dir`, for the packages installed under `root`. */
function install(dir, name, root) {
  const stats = { hits: 0, misses: 0, written: false };
  if (process.env[OFF_ENV] === '0') return stats;
  const stamp = installStamp(root);
  if (stamp === undefined) return stats;
  const file = path.join(dir, 'v8', `${name}-resolve.json`);
  const entries = readEntries(file, stamp);
  let added = false;
  const resolveFilename = Module._resolveFilename;

  Module._resolveFilename = function resolveWithCache(request, parent, isMain, options, ...rest) {
    if (options !== undefined || !cacheable(request, parent)) return resolveFilename.call(this, request, parent, isMain, options, ...rest);
    const key = `${path.dirname(parent.filename)}\0${request}`;
    const known = entries.get(key);
    if (known !== undefined && fs.existsSync(known)) {
      stats.hits++;
      return known;
    }
    const found = resolveFilename.call(this, request, parent, isMain, options, ...rest);
    stats.misses++;
    entries.set(key, found);
    added = true;
    return found;
  };

  process.once('exit', () => {
    if (!added) return;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      fs.writeFileSync(temp, JSON.stringify({ stamp, entries: [...entries] }));
      fs.renameSync(temp, file);
      stats.written = true;
    } catch {
      // A read-only or full disk only costs the next run its resolutions.
    }
  });
  if (process.env[OFF_ENV] === 'stats') {
    process.on('exit', () => process.stderr.write(`resolve-cache: ${JSON.stringify({ file, ...stats })}\n`));
  }
  return stats;
}

module.exports = { install, installStamp };
