/**
 * Loads two of cdktf's dependencies and zod's translations on first use instead of when cdktf and
 * zod load, for the launcher (bin/cli.js). `require('cdktf')` (which every provider class requires
 * too, so a deep import of cdktf cannot avoid it) loads its whole index, and with it:
 *   - `archiver` (and glob, readable-stream, lodash, tar-stream, zip-stream, ...), required by
 *     cdktf/lib/private/fs.js only to zip a `TerraformAsset` of type ARCHIVE, which it does in a
 *     child process (`archiveSync` runs `node fs.js <src> <dest>`, where the real module loads);
 *     this app's one asset is a FILE anyway (modules/lambda-code-asset.ts zips with fflate);
 *   - `semver`, required by cdktf/lib/validations/validate-binary-version.js only for its
 *     `validate()`, which no construct of this app adds.
 * Measured without the code cache: 150 ms and 55 ms of the 360 ms `require('cdktf')` takes.
 * And zod's locales (see DEFERRED), which no synth uses: its messages are this package's own.
 *
 * The requiring file gets a stand-in that loads the real module on first use (a call, `new`, or any
 * property read) and forwards everything to it, so an app that does use an ARCHIVE asset gets the
 * same behaviour. Only these requests from these files are affected; any other `require` of the
 * same modules gets the module itself.
 */
const Module = require('node:module');
const path = require('node:path');

/** Which `require(request)` from which files (below node_modules) get a stand-in. */
const DEFERRED = {
  archiver: { from: [path.join('node_modules', 'cdktf', 'lib', 'private', 'fs.js')] },
  semver: { from: [path.join('node_modules', 'cdktf', 'lib', 'validations', 'validate-binary-version.js')] },
  // zod's 64 translations of its messages (530 KB), `z.locales`; the English one, the default, is
  // loaded by its own path and stays as it is. Both files wrap the module with `__importStar`,
  // which asks `__esModule` first: the stand-in answers true (as the real module does) unloaded.
  '../locales/index.cjs': {
    from: [path.join('node_modules', 'zod', 'v4', 'core', 'index.cjs'), path.join('node_modules', 'zod', 'v4', 'classic', 'external.cjs')],
    esModule: true,
  },
};

/** A stand-in for `require(request)` from `parent` that loads it on first use. */
function deferred(request, parent, isMain, load, esModule) {
  let real;
  const target = () => {
    real ??= load.call(Module, request, parent, isMain);
    return real;
  };
  // A function target, so the stand-in can be called and constructed like archiver's export.
  return new Proxy(function lazyModule() {}, {
    apply: (_, thisArg, args) => Reflect.apply(target(), thisArg, args),
    construct: (_, args) => Reflect.construct(target(), args),
    get: (_, key) => (esModule && key === '__esModule' ? true : Reflect.get(target(), key)),
    has: (_, key) => Reflect.has(target(), key),
  });
}

let installed = false;

/** From now on, the requests above from the files above get stand-ins. Idempotent. */
function install() {
  if (installed) return;
  installed = true;
  const load = Module._load;
  Module._load = function loadDeferred(request, parent, isMain, ...rest) {
    const entry = Object.hasOwn(DEFERRED, request) ? DEFERRED[request] : undefined;
    if (entry?.from.some((from) => parent?.filename?.endsWith(path.sep + from))) {
      return deferred(request, parent, isMain, load, entry.esModule === true);
    }
    return load.call(this, request, parent, isMain, ...rest);
  };
}

module.exports = { install, DEFERRED };
