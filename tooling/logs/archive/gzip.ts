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

/** Output chunk of the inflater: large enough that the hand-offs to the thread pool cost nothing. */
const CHUNK = 256 * 1024;

/** Hashes the first gzip member of a file, streaming its output; memory is the compressed file plus a chunk. */
export async function hashGzipFile(file: string): Promise<GzipMember> {
  const hash = createHash('sha256');
  const member = await inflateFirstMember(await readFile(file), (chunk) => hash.update(chunk));
  return { sha256: hash.digest('hex'), size: member.size, trailing: member.trailing };
}

/** The first member's content, for small files such as digests. */
export async function readGzipFile(file: string): Promise<{ content: Buffer; trailing: boolean }> {
  const chunks: Buffer[] = [];
  const member = await inflateFirstMember(await readFile(file), (chunk) => chunks.push(chunk));
  return { content: Buffer.concat(chunks, member.size), trailing: member.trailing };
}

/** Inflates the member at the start of `data`, passing its content on in order. */
function inflateFirstMember(data: Buffer, onData: (chunk: Buffer) => void): Promise<{ size: number; trailing: boolean }> {
  const start = headerLength(data);
  return new Promise((resolve, reject) => {
    const inflater = zlib.createInflateRaw({ chunkSize: CHUNK });
    let size = 0;
    let crc = 0;
    inflater.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (crc32) crc = crc32(chunk, crc);
      onData(chunk);
    });
    inflater.on('error', (error) => reject(new GzipFormatError(`gzip: ${error.message}`)));
    inflater.on('end', () => {
      // The raw inflater stops at the end of the deflate stream: bytesWritten is what it consumed.
      const trailer = start + inflater.bytesWritten;
      if (trailer + 8 > data.length) return reject(new GzipFormatError('gzip: truncated trailer'));
      if (crc32 && data.readUInt32LE(trailer) !== crc >>> 0) return reject(new GzipFormatError('gzip: CRC-32 mismatch'));
      if (data.readUInt32LE(trailer + 4) !== size % 2 ** 32) return reject(new GzipFormatError('gzip: length mismatch'));
      resolve({ size, trailing: trailer + 8 < data.length });
    });
    inflater.end(data.subarray(start));
  });
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
