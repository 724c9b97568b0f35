import * as os from 'node:os';
import * as path from 'node:path';
import type { Construct } from 'constructs';
import {
  type LambdaCode,
  LambdaCodeAsset,
  type LambdaPackage,
  type LambdaSources,
  lambdaEntryFile,
  packageLambdaSources,
  readLambdaSources,
  writeLambdaZip,
} from '../lambda-code-asset';

/**
 * The chat notifier's deployment package, built at synth by the shared deterministic packager
 * (`modules/lambda-code-asset.ts`): the ES modules of `assets/chat-notifier/` (`index.mjs` and the
 * modules it imports), so `source_code_hash` is the same on every machine and every run.
 */

/** The package's source folder, its entry module and the handler Lambda calls in it (`index.handler`). */
export const CHAT_NOTIFIER_CODE = {
  /** Folder of the handler's modules inside the package root: every `*.mjs` in it is shipped. */
  sourceDir: path.join('assets', 'chat-notifier'),
  entryName: 'index.mjs',
  handler: 'index.handler',
  zipName: 'chat-notifier.zip',
  label: 'chat notifier',
} as const satisfies LambdaCode;

/** The handler's modules by file name (`index.mjs`, ...), as text or bytes. */
export type ChatNotifierSources = LambdaSources;

/** A deterministic deployment package. */
export type ChatNotifierPackage = LambdaPackage;

/** Zips the chat notifier's modules deterministically (see `packageLambdaSources`). */
export function packageChatNotifier(sources: ChatNotifierSources = readChatNotifierSources()): ChatNotifierPackage {
  return packageLambdaSources(CHAT_NOTIFIER_CODE, sources);
}

/** The `*.mjs` files of the shipped handler folder, by name. */
export function readChatNotifierSources(): Record<string, Uint8Array> {
  return readLambdaSources(CHAT_NOTIFIER_CODE);
}

/**
 * Writes the package to `<this process's private folder under tmpdir>/chat-notifier-<sha256
 * prefix>/chat-notifier.zip` (see `writeLambdaZip`) and returns the path.
 */
export function writeChatNotifierZip(pkg: ChatNotifierPackage, baseDir: string = os.tmpdir()): string {
  return writeLambdaZip(CHAT_NOTIFIER_CODE, pkg, baseDir);
}

/** The handler's entry module shipped with this package (see `lambdaEntryFile`). */
export function chatNotifierSourceFile(): string {
  return lambdaEntryFile(CHAT_NOTIFIER_CODE);
}

/** The chat notifier's zip as a Terraform asset of the stack (see `LambdaCodeAsset`). */
export class ChatNotifierAsset extends LambdaCodeAsset {
  constructor(scope: Construct, id: string) {
    super(scope, id, CHAT_NOTIFIER_CODE, packageChatNotifier());
  }
}
