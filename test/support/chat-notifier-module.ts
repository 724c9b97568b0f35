/**
 * The chat notifier's handler module (assets/chat-notifier/index.mjs) loaded for real, for the
 * handler tests in test/assets/: the untransformed ES module, through Node's default ESM loader.
 *
 * Loading the .mjs: jest runs test files as CommonJS inside a vm context. @swc/jest compiles
 * `import()` to `require()` (module type commonjs), which refuses an ES module ("Must use import
 * to load ES Module"), and a real `import()` compiled inside jest's context throws "A dynamic
 * import callback was invoked without --experimental-vm-modules". So the import is compiled by
 * `vm.Script` with `importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER`
 * (Node >= 20.12 / 21.7) and run in the main context: Node's default ESM loader loads the file
 * (and the sibling modules it imports) from a file URL exactly as Lambda would, untransformed.
 * Node prints one ExperimentalWarning for that constant. Objects from the module live in the main
 * realm (`instanceof Error` is false across realms), so errors are matched by message.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vm from 'node:vm';

/** The handler's entry module. */
export const HANDLER_FILE = path.resolve(__dirname, '..', '..', 'assets', 'chat-notifier', 'index.mjs');

export interface PostResult {
  status: number;
  retryAfter?: string | null;
  body?: string;
}
export interface HandlerOptions {
  getWebhookUrl?: () => Promise<string>;
  post?: (url: string, payload: unknown, options: { timeoutMs: number }) => Promise<PostResult>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: Log;
  timeoutMs?: number;
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  cacheTtlMs?: number;
  requireHttps?: boolean;
}
/** One message posted or skipped. */
export type MessageResult = { status: 'posted'; httpStatus: number; attempts: number } | { status: 'skipped'; reason: string };
/** A CodeDeploy event gives one result; an SNS delivery one per record. */
export type HandlerResult = MessageResult | { status: 'processed'; records: MessageResult[] };
export type Handler = (event: unknown) => Promise<HandlerResult>;
export interface Log {
  info(message: string): void;
  warn(message: string): void;
}
export interface ChatNotifierModule {
  createHandler(options?: HandlerOptions): Handler;
  handler: Handler;
  ssmParameterReader(options: {
    parameterName?: string;
    importSsm: () => Promise<unknown>;
    timeoutMs?: number;
    log?: Log;
  }): () => Promise<string>;
  DEFAULTS: { timeoutMs: number; retryDelayMs: number; maxRetryDelayMs: number; cacheTtlMs: number };
}

export async function loadHandlerModule(): Promise<ChatNotifierModule> {
  const loader = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!loader)
    throw new Error(
      `loading an ES module from jest needs Node >= 20.12 (vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER); this is ${process.version}`,
    );
  const script = new vm.Script('(specifier) => import(specifier)', {
    filename: 'chat-notifier-loader.js',
    importModuleDynamically: loader as never,
  });
  const importer = script.runInThisContext() as (specifier: string) => Promise<ChatNotifierModule>;
  return importer(pathToFileURL(HANDLER_FILE).href);
}
