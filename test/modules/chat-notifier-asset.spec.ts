import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { unzipSync } from 'fflate';
import {
  CHAT_NOTIFIER_CODE,
  ChatNotifierAsset,
  chatNotifierSourceFile,
  packageChatNotifier,
  readChatNotifierSources,
  writeChatNotifierZip,
} from '../../modules/deployment-monitoring/chat-notifier-asset';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const HANDLER_DIR = path.join(REPO_ROOT, 'assets', 'chat-notifier');
/** The handler's modules, listed here (not read from the code under test): the entry and what it imports. */
const MODULES = ['alarm-message.mjs', 'index.mjs', 'message-text.mjs'];

/** Central directory entries of a zip (PKWARE APPNOTE 4.3.12), the metadata unzip and Lambda read. */
function centralEntries(zip: Uint8Array) {
  const buf = Buffer.from(zip);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    entries.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      host: buf.readUInt8(at + 5),
      method: buf.readUInt16LE(at + 10),
      mode: (buf.readUInt32LE(at + 38) >>> 16).toString(8),
      dosTime: buf.readUInt16LE(at + 12),
      dosDate: buf.readUInt16LE(at + 14),
      extraLength,
      commentLength,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The package's hash built by a fresh Node process in time zone `zone`: V8 reads TZ per process,
 * and jest's `process.env` is the worker's copy, so changing it in here would prove nothing.
 */
function hashInTimeZone(zone: string): string {
  const script = `process.stdout.write(require('./modules/deployment-monitoring/chat-notifier-asset.ts').packageChatNotifier().sha256Base64)`;
  return execFileSync(process.execPath, ['-r', './bin/register.js', '-e', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, TZ: zone },
    encoding: 'utf8',
  });
}

describe('chat notifier deployment package', () => {
  describe('the zip', () => {
    it('contains exactly the modules of assets/chat-notifier, byte for byte, in name order', () => {
      const files = unzipSync(packageChatNotifier().zip);
      expect(Object.keys(files)).toEqual(MODULES);
      expect(fs.readdirSync(HANDLER_DIR).sort()).toEqual(MODULES);
      for (const name of MODULES) expect(Buffer.from(files[name]).equals(fs.readFileSync(path.join(HANDLER_DIR, name)))).toBe(true);
    });

    it('ships every module index.mjs imports, so Lambda can load the handler', () => {
      const imported = (name: string) =>
        [...fs.readFileSync(path.join(HANDLER_DIR, name), 'utf8').matchAll(/^import .* from '\.\/([^']+)';$/gm)].map((m) => m[1]);
      const reachable = new Set<string>(['index.mjs']);
      for (const name of reachable) for (const dependency of imported(name)) reachable.add(dependency);
      expect([...reachable].sort()).toEqual(Object.keys(unzipSync(packageChatNotifier().zip)));
    });

    it('zips the entries in name order whatever order they are given in, and refuses a package without index.mjs', () => {
      const sources = readChatNotifierSources();
      const reversed = Object.fromEntries(Object.entries(sources).reverse());
      expect(packageChatNotifier(reversed).sha256Base64).toBe(packageChatNotifier(sources).sha256Base64);
      expect(() => packageChatNotifier({ 'other.mjs': 'export {};' })).toThrow(
        'chat notifier: the package has no index.mjs (got other.mjs)',
      );
    });

    it('is identical, bytes and hash, on every build', () => {
      const first = packageChatNotifier();
      const second = packageChatNotifier();
      expect(Buffer.from(second.zip).equals(Buffer.from(first.zip))).toBe(true);
      expect(second.sha256Base64).toBe(first.sha256Base64);
      expect(first.sha256Base64).toBe(crypto.createHash('sha256').update(first.zip).digest('base64'));
      expect(first.sha256Hex).toBe(Buffer.from(first.sha256Base64, 'base64').toString('hex'));
    });

    it('is identical in every time zone (ZIP stores local clock fields)', () => {
      const hashes = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles'].map(hashInTimeZone);
      expect(hashes).toEqual(Array(3).fill(packageChatNotifier().sha256Base64));
    });

    it('stores the entries uncompressed with a fixed date and a world-readable Unix file mode, with no extra fields', () => {
      expect(centralEntries(packageChatNotifier().zip)).toEqual(
        // 1980-01-01 12:00:00 in DOS format: date (0 << 9) | (1 << 5) | 1, time 12 << 11.
        MODULES.map((name) => ({
          name,
          host: 3,
          method: 0,
          mode: '100644',
          dosDate: 33,
          dosTime: 12 << 11,
          extraLength: 0,
          commentLength: 0,
        })),
      );
    });

    it('normalizes CRLF line endings, so a Windows checkout gives the same zip', () => {
      const lf = 'export const handler = async () => 1;\nexport const x = 2;\n';
      const hash = (text: string) => packageChatNotifier({ 'index.mjs': text, 'b.mjs': text }).sha256Base64;
      expect(hash(lf.replace(/\n/g, '\r\n'))).toBe(hash(lf));
      expect(hash(lf)).not.toBe(hash(`${lf} `));
    });

    it('names the handler Lambda calls: index.handler in index.mjs', () => {
      expect(CHAT_NOTIFIER_CODE).toEqual({
        sourceDir: path.join('assets', 'chat-notifier'),
        entryName: 'index.mjs',
        handler: 'index.handler',
        zipName: 'chat-notifier.zip',
        label: 'chat notifier',
      });
      expect(chatNotifierSourceFile()).toBe(path.join(REPO_ROOT, 'assets', 'chat-notifier', 'index.mjs'));
    });
  });

  describe('the temporary zip file', () => {
    it("lives in the process's own unpredictable folder (mode 0700), under a name derived from its content, and holds the package bytes", () => {
      const pkg = packageChatNotifier();
      const base = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-zip-'));
      const file = writeChatNotifierZip(pkg, base);
      const [own] = fs.readdirSync(base);
      expect(own).toMatch(/^cdktf-org-logging-[A-Za-z0-9]{6}$/);
      expect(fs.statSync(path.join(base, own)).mode & 0o777).toBe(0o700);
      expect(file).toBe(path.join(base, own, `chat-notifier-${pkg.sha256Hex.slice(0, 16)}`, 'chat-notifier.zip'));
      expect(Buffer.from(pkg.zip).equals(fs.readFileSync(file))).toBe(true);
      expect(writeChatNotifierZip(pkg, base)).toBe(file);
      expect(fs.readdirSync(path.dirname(file))).toEqual(['chat-notifier.zip']);
    });

    it('never uses a zip another user prepared at a predictable path in a shared folder', () => {
      const pkg = packageChatNotifier();
      const base = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-zip-'));
      // Where a content-derived path in the shared folder would be: planted before the synth.
      const planted = path.join(base, 'cdktf-org-logging', `chat-notifier-${pkg.sha256Hex.slice(0, 16)}`, 'chat-notifier.zip');
      fs.mkdirSync(path.dirname(planted), { recursive: true });
      fs.writeFileSync(planted, 'malicious handler');
      const file = writeChatNotifierZip(pkg, base);
      expect(file).not.toBe(planted);
      expect(path.relative(base, file).startsWith(`cdktf-org-logging-`)).toBe(true);
      expect(Buffer.from(pkg.zip).equals(fs.readFileSync(file))).toBe(true);
      expect(fs.readFileSync(planted, 'utf8')).toBe('malicious handler');
    });

    it('replaces a damaged file of the same name', () => {
      const pkg = packageChatNotifier();
      const base = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-zip-'));
      const file = writeChatNotifierZip(pkg, base);
      fs.writeFileSync(file, 'truncated');
      writeChatNotifierZip(pkg, base);
      expect(Buffer.from(pkg.zip).equals(fs.readFileSync(file))).toBe(true);
    });
  });

  describe('ChatNotifierAsset', () => {
    function synthesize() {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-asset-'));
      const app = new App({ outdir, stackTraces: false });
      const stack = new TerraformStack(app, 'audit');
      const code = new ChatNotifierAsset(stack, 'Code');
      app.synth();
      return { outdir, code, stackDir: path.join(outdir, 'stacks', 'audit') };
    }

    it('copies the zip into the stack folder under its content hash', () => {
      const { code, stackDir } = synthesize();
      const pkg = packageChatNotifier();
      expect(code.assetPath).toMatch(new RegExp(`^assets/Code_Zip_[A-F0-9]{8}/${pkg.sha256Hex}/chat-notifier\\.zip$`));
      const copied = fs.readFileSync(path.join(stackDir, code.assetPath));
      expect(Buffer.from(pkg.zip).equals(copied)).toBe(true);
    });

    it('gives Lambda a filename relative to the stack folder and the literal hash of the copied file', () => {
      const { code, stackDir } = synthesize();
      expect(code.filename).toBe(`\${path.module}/${code.assetPath}`);
      const copied = fs.readFileSync(path.join(stackDir, code.assetPath));
      // What terraform's filebase64sha256() would compute for the file it uploads.
      expect(code.sourceCodeHash).toBe(crypto.createHash('sha256').update(copied).digest('base64'));
      expect(code.handler).toBe('index.handler');
    });

    it('synthesizes the same asset path in a second app (no machine or run in the path)', () => {
      expect(synthesize().code.assetPath).toBe(synthesize().code.assetPath);
    });
  });
});
