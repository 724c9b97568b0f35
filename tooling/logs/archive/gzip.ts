/**
 * Reading CloudTrail's gzip files exactly as written: one gzip member (RFC 1952). Node's gunzip and
 * DuckDB read every member and skip what follows the stream, so records appended as a second member
 * would be read but not hashed; here only the first member is inflated, and anything after its
 * trailer is reported as `trailing` (the AWS CLI's validate-logs rejects it too: "unexpected data
 * after end of compressed stream").
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as zlib from 'node:zlib';

interface GzipMember {
  /** Hex SHA-256 of the first member's decompressed content. */
  readonly sha256: string;
  /** Decompressed bytes of the first member. */
  readonly size: number;
  /** Whether bytes follow the first member's trailer (another member or anything else). */
  readonly trailing: boolean;
}

/** A file that is not one well-formed gzip member at its start (bad header, truncated, bad checksum). */
export class GzipFormatError extends Error {}

/** Output chunk of the streaming inflater (hashGzipFile keeps one chunk at a time; each is one hand-off from the thread pool). */
const CHUNK = 256 * 1024;

/** Hashes the first gzip member of a file, streaming its output; memory is the compressed file plus a chunk. */
export async function hashGzipFile(file: string): Promise<GzipMember> {
  const hash = createHash('sha256');
  const member = await inflateFirstMember(await readFile(file), (chunk) => hash.update(chunk));
  return { sha256: hash.digest('hex'), size: member.size, trailing: member.trailing };
}

/** A first member's content and hash, from one inflate: what is hashed is exactly what a reader is given. */
export interface InflatedMember extends GzipMember {
  readonly content: Buffer;
}

/**
 * The whole content is kept anyway, so the inflater's output chunk is the size the file's trailer
 * states (ISIZE, the last 4 bytes; only a hint: a file with trailing bytes, a forged size or one
 * over the limits below is still inflated whole, in several chunks): one chunk, one hand-off from the thread pool and no copy
 * into a joined buffer, instead of one per 256 KB. On 250,000 records the main thread spent about
 * 0.7 s of CPU in zlib's per-chunk callbacks and the join before.
 */
const WHOLE_CHUNK_LIMIT = 64 * 1024 * 1024;

/** No more than this many times the compressed size (CloudTrail's JSON inflates about ten times): a forged ISIZE allocates no more. */
const WHOLE_CHUNK_RATIO = 32;

function wholeChunk(data: Buffer): number {
  const stated = data.length >= 18 ? data.readUInt32LE(data.length - 4) : 0;
  // One byte over the size, so the inflater ends within the chunk instead of asking for another.
  return Math.max(Math.min(stated + 1, WHOLE_CHUNK_LIMIT, WHOLE_CHUNK_RATIO * data.length), CHUNK);
}

/** Inflates and hashes the first member of `data` (compressed bytes in memory), in the thread pool. */
export async function inflateAndHash(data: Buffer): Promise<InflatedMember> {
  const chunks: Buffer[] = [];
  const member = await inflateFirstMember(data, (chunk) => chunks.push(chunk), wholeChunk(data));
  const content = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, member.size);
  // WebCrypto hashes in the thread pool, off the thread that feeds DuckDB.
  const digest = await globalThis.crypto.subtle.digest('SHA-256', content);
  return { content, sha256: Buffer.from(digest).toString('hex'), size: member.size, trailing: member.trailing };
}

/**
 * The same on the calling thread, for a reader that cannot wait. `maxOutputLength` bounds what a
 * small file may inflate to (a gzip bomb): beyond it, a GzipFormatError instead of the memory;
 * without it, a log file's bound (inflateLimit).
 */
export function inflateAndHashSync(data: Buffer, maxOutputLength?: number): InflatedMember {
  const start = headerLength(data);
  // A caller's own bound (a digest's) replaces the log files' ratio.
  const limit = maxOutputLength ?? inflateLimit(data);
  let inflated: { buffer: Buffer; engine: zlib.InflateRaw };
  try {
    inflated = zlib.inflateRawSync(data.subarray(start), { info: true, maxOutputLength: limit }) as unknown as typeof inflated;
  } catch (error) {
    if (maxOutputLength === undefined && (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    throw new GzipFormatError(`gzip: ${(error as Error).message}`);
  }
  const content = inflated.buffer;
  const trailing = checkTrailer(data, start + inflated.engine.bytesWritten, content.length, crc32 ? crc32(content) : undefined);
  return { content, sha256: createHash('sha256').update(content).digest('hex'), size: content.length, trailing };
}

/** Every member's content, as gunzip reads a file (for files no digest covers, which are read as they are). */
export function gunzipAll(data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    zlib.gunzip(data, (error, content) => (error ? reject(new GzipFormatError(`gzip: ${error.message}`)) : resolve(content))),
  );
}

/**
 * At most this many times its compressed size may a log file inflate to. CloudTrail's JSON inflates
 * about ten times (every record carries a random eventID and requestID, which do not compress); a
 * gzip bomb, a few MB of zeros standing in for a listed file, inflates a thousand times and would be
 * held in memory whole before its hash could disagree. Beyond the limit the file is not a CloudTrail
 * log file: a GzipFormatError, which makes a listed file `modified` and a not yet covered one `unreadable`.
 */
export const MAX_INFLATE_RATIO = 100;

/** What `data` may inflate to: MAX_INFLATE_RATIO times its size, and never less than 1 MiB. */
function inflateLimit(data: Buffer): number {
  return Math.max(MAX_INFLATE_RATIO * data.length, 1024 * 1024);
}

function tooLarge(limit: number): GzipFormatError {
  return new GzipFormatError(`gzip: inflates to more than ${limit} bytes, ${MAX_INFLATE_RATIO} times its size: not a CloudTrail log file`);
}

/** Inflates the member at the start of `data`, passing its content on in order. */
function inflateFirstMember(
  data: Buffer,
  onData: (chunk: Buffer) => void,
  chunkSize = CHUNK,
): Promise<{ size: number; trailing: boolean }> {
  const start = headerLength(data);
  const limit = inflateLimit(data);
  return new Promise((resolve, reject) => {
    const inflater = zlib.createInflateRaw({ chunkSize });
    let size = 0;
    let crc = 0;
    inflater.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        inflater.destroy();
        reject(tooLarge(limit));
        return;
      }
      if (crc32) crc = crc32(chunk, crc);
      onData(chunk);
    });
    inflater.on('error', (error) => reject(new GzipFormatError(`gzip: ${error.message}`)));
    inflater.on('end', () => {
      // The raw inflater stops at the end of the deflate stream: bytesWritten is what it consumed.
      try {
        resolve({ size, trailing: checkTrailer(data, start + inflater.bytesWritten, size, crc32 ? crc : undefined) });
      } catch (error) {
        reject(error);
      }
    });
    inflater.end(data.subarray(start));
  });
}

/** Checks the member's trailer at `at` (CRC-32 when known, length); whether other bytes follow it. */
function checkTrailer(data: Buffer, at: number, size: number, crc: number | undefined): boolean {
  if (at + 8 > data.length) throw new GzipFormatError('gzip: truncated trailer');
  if (crc !== undefined && data.readUInt32LE(at) !== crc >>> 0) throw new GzipFormatError('gzip: CRC-32 mismatch');
  if (data.readUInt32LE(at + 4) !== size % 2 ** 32) throw new GzipFormatError('gzip: length mismatch');
  return at + 8 < data.length;
}

/** zlib.crc32 exists from Node 20.15 / 22.2; without it the CRC is not checked (the SHA-256 still is). */
const crc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** Length of the gzip header at the start of `data` (RFC 1952, 2.3.1). */
function headerLength(data: Buffer): number {
  if (data.length < 10 || data[0] !== 0x1f || data[1] !== 0x8b || data[2] !== 8) throw new GzipFormatError('gzip: not a gzip file');
  const flags = data[3];
  let at = 10;
  if (flags & FEXTRA) {
    if (at + 2 > data.length) throw new GzipFormatError('gzip: truncated header');
    at += 2 + data.readUInt16LE(at);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (flags & flag) {
      const end = data.indexOf(0, at);
      if (end < 0) throw new GzipFormatError('gzip: truncated header');
      at = end + 1;
    }
  }
  if (flags & FHCRC) at += 2;
  if (at > data.length) throw new GzipFormatError('gzip: truncated header');
  return at;
}
