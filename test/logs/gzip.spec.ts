/** Hashing exactly the first gzip member, as CloudTrail wrote it, and flagging anything after it. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { GzipFormatError, hashGzipFile, inflateAndHash, inflateAndHashSync, MAX_INFLATE_RATIO } from '../../tooling/logs/archive/gzip';
import { scratch } from './support';

const content = Buffer.from(
  JSON.stringify({ Records: Array.from({ length: 500 }, (_, i) => ({ eventID: i, eventName: 'CreateDeployment' })) }),
);
const sha256 = createHash('sha256').update(content).digest('hex');
let dir: string;

beforeAll(() => {
  dir = scratch('gzip');
});

function file(name: string, bytes: Buffer): string {
  const at = path.join(dir, name);
  fs.writeFileSync(at, bytes);
  return at;
}

describe('hashGzipFile', () => {
  it('hashes the decompressed content of a single member', async () => {
    expect(await hashGzipFile(file('one.gz', zlib.gzipSync(content)))).toEqual({ sha256, size: content.length, trailing: false });
  });

  it('skips a header with a file name and comment (FNAME, FCOMMENT), as gzip(1) writes', async () => {
    const plain = zlib.gzipSync(content);
    const header = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 8 | 16, 0, 0, 0, 0, 0, 3]), Buffer.from('log.json\0a comment\0')]);
    const named = Buffer.concat([header, plain.subarray(10)]);
    expect((await hashGzipFile(file('named.gz', named))).sha256).toBe(sha256);
  });

  it('hashes only the first member and reports a second one as trailing', async () => {
    const two = Buffer.concat([zlib.gzipSync(content), zlib.gzipSync(Buffer.from('{"Records":[{"eventName":"Injected"}]}'))]);
    expect(zlib.gunzipSync(two).length).toBeGreaterThan(content.length);
    expect(await hashGzipFile(file('two.gz', two))).toEqual({ sha256, size: content.length, trailing: true });
  });

  it('reports bytes after the stream as trailing, on either path (the synchronous one reads digests)', async () => {
    const garbage = Buffer.concat([zlib.gzipSync(content), Buffer.from('x')]);
    expect((await hashGzipFile(file('garbage.gz', garbage))).trailing).toBe(true);
    expect(inflateAndHashSync(garbage)).toMatchObject({ sha256, trailing: true });
    expect(inflateAndHashSync(zlib.gzipSync(content))).toMatchObject({ sha256, trailing: false });
  });

  it.each([
    ['a truncated file', () => zlib.gzipSync(content).subarray(0, 40)],
    [
      'a wrong CRC-32',
      () => {
        const bytes = Buffer.from(zlib.gzipSync(content));
        bytes[bytes.length - 8] ^= 0xff;
        return bytes;
      },
    ],
    ['no gzip at all', () => content],
  ])('rejects %s', async (_, bytes) => {
    await expect(hashGzipFile(file('bad.gz', bytes()))).rejects.toThrow(GzipFormatError);
    expect(() => inflateAndHashSync(bytes())).toThrow(GzipFormatError);
  });
});

/**
 * inflateAndHash sizes its output by the size the last 4 bytes state (one chunk for a file as
 * CloudTrail writes it); that size is only a hint: what follows the first member, or a forged
 * size, must not change the content or the verdict.
 */
describe('inflateAndHash', () => {
  /** Larger than the 256 KB chunk, so a wrong hint means several chunks, joined. */
  const large = Buffer.from(JSON.stringify({ Records: Array.from({ length: 30000 }, (_, i) => ({ eventID: `id-${i}` })) }));
  const largeSha256 = createHash('sha256').update(large).digest('hex');

  it('gives the content and hash of a single member', async () => {
    expect(large.length).toBeGreaterThan(512 * 1024);
    const member = await inflateAndHash(zlib.gzipSync(large));
    expect(member).toMatchObject({ sha256: largeSha256, size: large.length, trailing: false });
    expect(member.content.equals(large)).toBe(true);
  });

  it.each([
    ['a small second member (the size hint far too small)', Buffer.from('{}')],
    ['a larger second member (the size hint too large)', Buffer.concat([large, large])],
  ])('gives only the first member after %s, flagged as trailing', async (_, second) => {
    const member = await inflateAndHash(Buffer.concat([zlib.gzipSync(large), zlib.gzipSync(second)]));
    expect(member).toMatchObject({ sha256: largeSha256, size: large.length, trailing: true });
    expect(member.content.equals(large)).toBe(true);
  });

  it('rejects a forged size in the trailer, as the synchronous path does', async () => {
    const bytes = Buffer.from(zlib.gzipSync(large));
    bytes.writeUInt32LE(0xfffffff0, bytes.length - 4);
    await expect(inflateAndHash(bytes)).rejects.toThrow(/length mismatch/);
    expect(() => inflateAndHashSync(bytes)).toThrow(/length mismatch/);
  });
});

describe('a gzip bomb', () => {
  // 32 MiB of zeros in about 32 KB: a thousand times its size, where CloudTrail's JSON inflates about ten.
  const bomb = zlib.gzipSync(Buffer.alloc(32 * 1024 * 1024));
  const limit = MAX_INFLATE_RATIO * bomb.length;

  it('is refused once it inflates past 100 times its size, by every reader, before its content is held', async () => {
    expect(bomb.length * MAX_INFLATE_RATIO).toBeLessThan(32 * 1024 * 1024);
    const tooLarge = new RegExp(`more than ${limit} bytes, 100 times its size: not a CloudTrail log file`);
    await expect(hashGzipFile(file('bomb.gz', bomb))).rejects.toThrow(tooLarge);
    await expect(inflateAndHash(bomb)).rejects.toThrow(GzipFormatError);
    await expect(inflateAndHash(bomb)).rejects.toThrow(tooLarge);
    expect(() => inflateAndHashSync(bomb)).toThrow(tooLarge);
  });

  it('leaves a log file of ordinary JSON, and a small file of any ratio, alone', async () => {
    const records = Buffer.from(
      JSON.stringify({ Records: Array.from({ length: 20_000 }, (_, i) => ({ eventID: `${i}`, eventName: 'CreateDeployment' })) }),
    );
    expect((await inflateAndHash(zlib.gzipSync(records))).size).toBe(records.length);
    // Under 1 MiB inflated, whatever the ratio.
    const zeros = Buffer.alloc(1024 * 1024);
    expect(zlib.gzipSync(zeros).length * MAX_INFLATE_RATIO).toBeLessThan(zeros.length);
    expect(inflateAndHashSync(zlib.gzipSync(zeros)).size).toBe(zeros.length);
    expect((await hashGzipFile(file('zeros.gz', zlib.gzipSync(zeros)))).size).toBe(zeros.length);
  });
});
