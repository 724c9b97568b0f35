/**
 * V8 code cache for the launcher (bin/cli.js): compiled bytecode of every CommonJS module a run loads
 * (ours through bin/ts-cache.js, and node_modules: cdktf, constructs, zod, the provider), kept in one
 * file, so the next run skips parsing and compiling them. Node 20 has no `module.enableCompileCache`
 * (Node 22.1); this is the technique of the `v8-compile-cache` package, in a few lines of our own
 * (that package's last release is from 2021 and it caches only what compiles eagerly; this one stores
 * the cache after the run, so it holds the functions the run actually compiled too).
 *
 *   file:  <ts-cache dir>/v8/<name>-<node version>-<arch>-<hash of node's flags>.bin
 *   entry: per module file name, what identifies its source (sourceKey: the SHA-1 of our modules'
 *          text, the stat of installed ones) and its bytes;
 *          V8 itself refuses data made by another V8 version or with other V8 flags (`cachedDataRejected`)
 *   file:  "CDKTFV8C" magic, format, SHA-1 of the body, then the body (JSON index + data): a torn or
 *          corrupted file fails the check and the run compiles as if there were no cache
 *
 * No stale code can run: an edited module has another hash and is compiled from its source (and the
 * file is rewritten when the run ends). The file is written only when something was missing or
 * rejected, atomically (temp file, rename), and a failure to read or write it only costs compile time.
 * Of the files for other node versions or flags, the 2 most recently written stay (each is about 8 MB).
 * `CDKTF_ORG_LOGGING_CODE_CACHE=0` turns it off; `=stats` prints hits, misses and rejections at exit.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const MAGIC = 'CDKTFV8C';
const FORMAT = 1;
const HEADER = MAGIC.length + 4 + 20;
const OFF_ENV = 'CDKTF_ORG_LOGGING_CODE_CACHE';

function sha1(text) {
  return crypto.createHash('sha1').update(text).digest('hex');
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/**
 * What identifies the source V8 compiles: for an installed module (7.8 MB of cdktf, zod and the
 * provider per synth), its size, modification and change times and inode, which any write changes
 * (ctime cannot be set back), plus the text's length: a stat instead of hashing megabytes; for this
 * package's own modules (transpiled TypeScript, edited all the time), the SHA-1 of the text.
 */
function sourceKey(content, filename) {
  if (filename.includes(NODE_MODULES)) {
    const stat = fs.statSync(filename, { bigint: true, throwIfNoEntry: false });
    if (stat) return `stat:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}:${content.length}`;
  }
  return sha1(content);
}

/** The index and data of a cache file, or an empty cache when it is missing, torn or corrupted. */
function readCache(file) {
  let buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch {
    return new Map();
  }
  try {
    if (buffer.length < HEADER || buffer.toString('latin1', 0, MAGIC.length) !== MAGIC) return new Map();
    if (buffer.readUInt32LE(MAGIC.length) !== FORMAT) return new Map();
    const body = buffer.subarray(HEADER);
    const digest = buffer.subarray(MAGIC.length + 4, HEADER);
    if (!crypto.createHash('sha1').update(body).digest().equals(digest)) return new Map();
    const indexLength = body.readUInt32LE(0);
    const index = JSON.parse(body.toString('utf8', 4, 4 + indexLength));
    const data = body.subarray(4 + indexLength);
    const entries = new Map();
    for (const [filename, hash, offset, length] of index) {
      entries.set(filename, { hash, data: data.subarray(offset, offset + length) });
    }
    return entries;
  } catch {
    return new Map();
  }
}

function writeCache(file, entries) {
  const index = [];
  const chunks = [];
  let offset = 0;
  for (const [filename, { hash, data }] of entries) {
    index.push([filename, hash, offset, data.length]);
    chunks.push(data);
    offset += data.length;
  }
  const indexBytes = Buffer.from(JSON.stringify(index), 'utf8');
  const indexLength = Buffer.alloc(4);
  indexLength.writeUInt32LE(indexBytes.length);
  const body = Buffer.concat([indexLength, indexBytes, ...chunks]);
  const header = Buffer.alloc(HEADER);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(FORMAT, MAGIC.length);
  crypto
    .createHash('sha1')
    .update(body)
    .digest()
    .copy(header, MAGIC.length + 4);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, Buffer.concat([header, body]));
  fs.renameSync(temp, file);
}

/** How many cache files of one name (one per node version and flags) are kept, the newest. */
const KEEP = 3;

/** Removes all but the KEEP most recently written or used (markUsed) cache files named `<prefix>...bin` beside `file`. */
function pruneOthers(file, prefix) {
  const dir = path.dirname(file);
  const others = fs
    .readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && n.endsWith('.bin') && path.join(dir, n) !== file)
    .map((n) => ({ full: path.join(dir, n), mtime: fs.statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of others.slice(KEEP - 1)) fs.rmSync(old.full, { force: true });
}

/** Marks a file that served a run as recently used (its mtime, what pruneOthers ranks by), at most hourly. */
function markUsed(file) {
  try {
    const now = Date.now();
    if (now - fs.statSync(file).mtimeMs > 3_600_000) fs.utimesSync(file, now / 1000, now / 1000);
  } catch {
    // No file (nothing was compiled through the cache) or a read-only disk.
  }
}

/** The `require` Node gives a module (lib/internal/modules/helpers.js makeRequireFunction, CommonJS part). */
function makeRequire(mod) {
  const require = function require(id) {
    return mod.require(id);
  };
  function resolve(request, options) {
    return Module._resolveFilename(request, mod, false, options);
  }
  resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/**
 * Compiles every CommonJS module from now on through the cache file named `name` in `dir`. Returns
 * counters for tests and the benchmark: hits, misses (compiled from source) and rejected (V8 refused the data).
 */
function install(dir, name) {
  const stats = { hits: 0, misses: 0, rejected: 0, written: false };
  if (process.env[OFF_ENV] === '0') return stats;
  // One file per way of starting node: V8 refuses data made under other flags, so runs with and
  // without, say, --max-semi-space-size would otherwise overwrite each other's file.
  const flags = sha1(JSON.stringify([process.execArgv, process.env.NODE_OPTIONS ?? ''])).slice(0, 8);
  const file = path.join(dir, 'v8', `${name}-${process.version}-${process.arch}-${flags}.bin`);
  const cached = readCache(file);
  /** Modules compiled this run, by file name: their source hash and script, for the write at exit. */
  const compiled = new Map();
  const originalCompile = Module.prototype._compile;

  Module.prototype._compile = function compileWithCache(content, filename) {
    const hash = sourceKey(content, filename);
    const entry = cached.get(filename);
    const cachedData = entry && entry.hash === hash ? entry.data : undefined;
    let script;
    try {
      script = new vm.Script(Module.wrap(content), {
        filename,
        // Stack traces show the module's own columns on its first line, not the wrapper's.
        columnOffset: -Module.wrapper[0].length,
        cachedData,
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // A syntax error (or ES module syntax): Node's own compile reports it as it always does.
      return originalCompile.call(this, content, filename);
    }
    if (cachedData === undefined) stats.misses++;
    else if (script.cachedDataRejected) stats.rejected++;
    else stats.hits++;
    compiled.set(filename, { hash, script, fresh: cachedData === undefined || script.cachedDataRejected });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };

  process.once('exit', () => {
    if (![...compiled.values()].some((c) => c.fresh)) {
      markUsed(file);
      return;
    }
    try {
      // Entries of modules this run did not load stay (another config or flag may load them).
      const entries = new Map(cached);
      for (const [filename, { hash, script }] of compiled) entries.set(filename, { hash, data: script.createCachedData() });
      writeCache(file, entries);
      stats.written = true;
      pruneOthers(file, `${name}-`);
    } catch {
      // A read-only or full disk only costs the next run its compile time.
    }
  });
  if (process.env[OFF_ENV] === 'stats') {
    process.on('exit', () => process.stderr.write(`code-cache: ${JSON.stringify({ file, ...stats })}\n`));
  }
  return stats;
}

module.exports = { install, readCache, writeCache, OFF_ENV };
