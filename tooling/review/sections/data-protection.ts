/**
 * Report section: data protection of a stack: every bucket (encryption, versioning, object lock,
 * public access, replication, access logs, lifecycle tiers with days and size filters), every key
 * (rotation, deletion window, users), and every other store (encryption, retention).
 */

import type { AppStack } from '../../model';
import type { ReviewContext } from '../context';
import { bucketFacts, keyFacts, storeFacts } from '../facts';
import { blocksOf, bullets, cell, code, heading, table } from '../format';

const GUARD = (on: boolean) => (on ? 'yes' : '**no**');

/** Buckets, their lifecycle, keys and other stores; empty when the stack stores nothing. */
export function dataProtectionSection(ctx: ReviewContext, stack: AppStack): string {
  const buckets = bucketFacts(ctx, stack);
  const keys = keyFacts(ctx, stack);
  const stores = storeFacts(ctx, stack);
  if (buckets.length + keys.length + stores.length === 0) return '';
  const bucketTable = table(
    ['bucket', 'encryption', 'versioning', 'object lock', 'public access', 'replication, access logs', 'prevent_destroy'],
    buckets.map((b) => [
      code(b.name),
      cell(b.encryption),
      b.versioning,
      b.objectLock,
      cell(b.publicAccess),
      cell([...b.replication, ...b.accessLogs].join('<br>') || '—'),
      GUARD(b.preventDestroy) + (b.forceDestroy ? ', **force_destroy**' : ''),
    ]),
  );
  const lifecycle = buckets
    .filter((b) => b.lifecycle.length > 0)
    .map((b) => blocksOf(`Lifecycle of ${code(b.name)}:`, bullets(b.lifecycle.map(cell))));
  const noLifecycle = buckets.filter((b) => b.lifecycle.length === 0).map((b) => code(b.name));
  const keyTable = table(
    ['key', 'rotation', 'deletion window', 'used by', 'prevent_destroy'],
    keys.map((k) => [code(k.name), k.rotation, k.deletionWindow, cell(k.usedBy.join(', ') || '—'), GUARD(k.preventDestroy)]),
  );
  const storeTable = table(
    ['store', 'encryption', 'retention', 'other', 'prevent_destroy'],
    stores.map((s) => [
      `${s.kind} ${code(s.name)}`,
      cell(s.encryption),
      cell(s.retention),
      cell(s.other || '—'),
      s.keepsData ? GUARD(s.preventDestroy) : s.preventDestroy ? 'yes' : 'no (keeps no data)',
    ]),
  );
  return blocksOf(
    heading(3, 'Data protection'),
    bucketTable,
    ...lifecycle,
    noLifecycle.length > 0 ? `No lifecycle configuration (objects kept until deleted): ${noLifecycle.join(', ')}.` : '',
    keyTable,
    storeTable,
  );
}
