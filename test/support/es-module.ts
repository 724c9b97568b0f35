/**
 * Loads an ES module for real from a jest test: untransformed, through Node's default ESM loader in
 * the main context, as Lambda loads a handler (and the modules it imports, the AWS SDK included).
 *
 * Why this way: jest runs test files as CommonJS inside a vm context. @swc/jest compiles `import()`
 * to `require()` (module type commonjs), which refuses an ES module ("Must use import to load ES
 * Module"), and a real `import()` compiled inside jest's context throws "A dynamic import callback
 * was invoked without --experimental-vm-modules". So the import is compiled by `vm.Script` with
 * `importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER` (Node >= 20.12 / 21.7) and
 * run in the main context. Node prints one ExperimentalWarning for that constant. Objects from the
 * module live in the main realm (`instanceof Error` is false across realms): match errors by message.
 */
import { pathToFileURL } from 'node:url';
import * as vm from 'node:vm';

/** Imports the module at `file` (an absolute path) and returns its namespace. */
export async function importEsModule<T>(file: string): Promise<T> {
  const loader = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!loader)
    throw new Error(
      `loading an ES module from jest needs Node >= 20.12 (vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER); this is ${process.version}`,
    );
  const script = new vm.Script('(specifier) => import(specifier)', {
    filename: 'es-module-loader.js',
    importModuleDynamically: loader as never,
  });
  const importer = script.runInThisContext() as (specifier: string) => Promise<T>;
  return importer(pathToFileURL(file).href);
}
