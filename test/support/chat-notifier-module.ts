/**
 * The chat notifier's handler module (assets/chat-notifier/index.mjs) loaded for real, for the
 * handler tests in test/assets/: the untransformed ES module, through Node's default ESM loader
 * (see ./es-module.ts), with the sibling modules it imports, exactly as Lambda loads it.
 */
import * as path from 'node:path';
import { importEsModule } from './es-module';

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
  return importEsModule<ChatNotifierModule>(HANDLER_FILE);
}
