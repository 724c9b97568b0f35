import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { type ZipOptions, zipSync } from 'fflate';

/**
 * A Lambda deployment package of this library's own handlers, built at synth: the ES modules of one
 * folder under `assets/` zipped with fixed metadata, so the zip's bytes, its SHA-256 and therefore
 * `source_code_hash` are the same on every machine and every run. A plan only shows a code change
 * when the handler changed. The handlers use nothing beyond Node.js and the AWS SDK for JavaScript
 * v3 that Lambda's Node.js runtimes include, so the package holds only their own modules.
 */

/** Where a handler's modules live in the package and what Lambda calls. */
export interface LambdaCode {
  /** Folder of the handler's modules inside the package root (`assets/<name>`): every `*.mjs` in it is shipped. */
  readonly sourceDir: string;
  /** The entry module, e.g. `index.mjs`. */
  readonly entryName: string;
  /** What Lambda calls, e.g. `index.handler`. */
  readonly handler: string;
  /** File name of the zip, e.g. `chat-notifier.zip`; its stem names the cache folder. */
  readonly zipName: string;
  /** Names the package in errors ("chat notifier"). */
  readonly label: string;
}

/** The handler's modules by file name (`index.mjs`, ...), as text or bytes. */
export type LambdaSources = Readonly<Record<string, string | Uint8Array>>;

/** A deterministic deployment package. */
export interface LambdaPackage {
  readonly zip: Uint8Array;
  /** base64 SHA-256 of the zip: what Terraform's `filebase64sha256()` gives, Lambda's `source_code_hash`. */
  readonly sha256Base64: string;
  readonly sha256Hex: string;
}

/** `-rw-r--r--` regular file: Lambda needs code files world-readable (644; AWS knowledge center, lambda-deployment-package-errors). */
const FILE_MODE = 0o100644;
/** fflate's level 0: entries stored as they are (ZIP compression method 0, PKWARE APPNOTE 4.4.5). */
const STORED = 0;
/** "Version made by" host 3 = UNIX (PKWARE APPNOTE 4.4.2), so the mode above is what unzip tools and Lambda read. */
const UNIX_HOST = 3;

/**
 * Zips a handler's modules deterministically: entries in name order, fixed timestamp, fixed mode
 * and host, no extra fields or comments, and stored rather than compressed (ZIP method 0). Line
 * endings are normalized to LF so a checkout with CRLF conversion (Windows `core.autocrlf`) yields
 * the same bytes. Stored entries make the bytes depend only on the sources and the ZIP format, not
 * on a DEFLATE implementation's choices (which a new fflate version could change), and cost nothing
 * at synth: the handlers are a few tens of KB, far below Lambda's 50 MB package limit, and
 * deflating them at level 9 took about 20 ms of every synth (measured in a fresh process).
 */
export function packageLambdaSources(code: LambdaCode, sources: LambdaSources): LambdaPackage {
  const names = Object.keys(sources).sort();
  if (!names.includes(code.entryName)) {
    throw new Error(`${code.label}: the package has no ${code.entryName} (got ${names.join(', ') || 'no files'})`);
  }
  const entries: Record<string, [Uint8Array, ZipOptions]> = {};
  for (const name of names) {
    const source = sources[name];
    const text = typeof source === 'string' ? source : Buffer.from(source).toString('utf8');
    entries[name] = [
      new Uint8Array(Buffer.from(text.replace(/\r\n/g, '\n'), 'utf8')),
      {
        level: STORED,
        // ZIP stores local wall-clock fields and fflate reads them with getFullYear()/getHours()
        // in the process's time zone, so the date is built from local fields (not an instant):
        // 1980-01-01 12:00, the ZIP epoch at noon, the same fields in every time zone.
        mtime: new Date(1980, 0, 1, 12, 0, 0),
        os: UNIX_HOST,
        attrs: (FILE_MODE << 16) >>> 0,
      },
    ];
  }
  const zip = zipSync(entries, { level: STORED });
  const digest = crypto.createHash('sha256').update(zip).digest();
  return { zip, sha256Base64: digest.toString('base64'), sha256Hex: digest.toString('hex') };
}

/** The `*.mjs` files of the handler's shipped folder, by name. */
export function readLambdaSources(code: LambdaCode): Record<string, Uint8Array> {
  const dir = path.dirname(lambdaEntryFile(code));
  const sources: Record<string, Uint8Array> = {};
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.mjs'))
    .sort()) {
    sources[name] = fs.readFileSync(path.join(dir, name));
  }
  return sources;
}

/** This process's private folder for zips, by base folder (created on first use, removed at exit). */
const privateDirs = new Map<string, string>();

/**
 * A folder of this process's own under `baseDir`: `mkdtemp` names it unpredictably and creates it
 * with mode 0700, so no other local user can place or swap the file cdktf copies into the stack (a
 * folder at a predictable path in a shared /tmp could be created first by anyone, and the zip in
 * it would ship under our content hash). Removed when the process exits.
 */
function privateDir(baseDir: string): string {
  let dir = privateDirs.get(baseDir);
  if (dir === undefined || !fs.existsSync(dir)) {
    const created = fs.mkdtempSync(path.join(baseDir, 'cdktf-org-logging-'));
    privateDirs.set(baseDir, created);
    process.once('exit', () => fs.rmSync(created, { recursive: true, force: true }));
    dir = created;
  }
  return dir;
}

/**
 * Writes the package into this process's private folder under `baseDir` (see `privateDir`), at
 * `<private folder>/<zip stem>-<sha256 prefix>/<zipName>`, atomically, and returns the path. An
 * identical file written earlier by this process is kept.
 */
export function writeLambdaZip(code: LambdaCode, pkg: LambdaPackage, baseDir: string = os.tmpdir()): string {
  const stem = code.zipName.replace(/\.zip$/, '');
  const dir = path.join(privateDir(baseDir), `${stem}-${pkg.sha256Hex.slice(0, 16)}`);
  const file = path.join(dir, code.zipName);
  if (fs.existsSync(file) && Buffer.from(pkg.zip).equals(fs.readFileSync(file))) return file;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, pkg.zip, { mode: 0o600 });
  fs.renameSync(temp, file);
  return file;
}

/**
 * The handler's entry module shipped with this package: found from this file upwards, so it
 * resolves both from the sources (`modules/`) and from the published build (`dist/modules/`), whose
 * package root holds `assets/`. Its folder holds the other modules.
 */
export function lambdaEntryFile(code: LambdaCode): string {
  const entry = path.join(code.sourceDir, code.entryName);
  let dir = __dirname;
  for (let level = 0; level < 5; level++) {
    const candidate = path.join(dir, entry);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(
    `${code.label}: ${entry} was not found above ${__dirname}; the package must ship its assets/ folder (package.json "files")`,
  );
}

/**
 * The zip as a Terraform asset of the stack. cdktf copies it at synth into the stack's folder,
 * `<stack>/assets/<asset id>/<sha256>/<zipName>`; `filename` points there relative to the stack
 * folder (`${path.module}/...`), so the synthesized stack can be moved or planned from any working
 * directory as long as its `assets/` folder travels with `cdk.tf.json`.
 */
export class LambdaCodeAsset extends Construct {
  /** Lambda `filename`: the zip, relative to the stack folder. */
  public readonly filename: string;
  /** Lambda `source_code_hash`: base64 SHA-256 of the zip, a literal known at synth. */
  public readonly sourceCodeHash: string;
  /** The zip's path below the stack folder (`assets/.../<zipName>`). */
  public readonly assetPath: string;
  public readonly handler: string;
  public readonly asset: TerraformAsset;

  constructor(scope: Construct, id: string, code: LambdaCode, pkg: LambdaPackage = packageLambdaSources(code, readLambdaSources(code))) {
    super(scope, id);
    this.handler = code.handler;
    this.sourceCodeHash = pkg.sha256Base64;
    this.asset = new TerraformAsset(this, 'Zip', {
      path: writeLambdaZip(code, pkg),
      type: AssetType.FILE,
      // The content hash names the asset folder (instead of cdktf's own hash of the file).
      assetHash: pkg.sha256Hex,
    });
    this.assetPath = this.asset.path;
    this.filename = `\${path.module}/${this.assetPath}`;
  }
}
