/**
 * `npm run logs -- fetch --bucket <b> [--prefix <p>] [--account <id>] [--region <r>] --since <ISO>
 * [--until <ISO>] --out <dir>`: downloads a copy to verify and query (fetch/index.ts). Credentials,
 * region and endpoints come from the AWS SDK's usual sources (environment, shared config, SSO, instance
 * role); AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_CLOUDTRAIL (or AWS_ENDPOINT_URL) point it elsewhere,
 * and with a custom S3 endpoint requests use path-style addressing, as S3-compatible servers expect.
 */
import { bucketFlag, type LogsCommand, parseFlags, parseTime, requireFlag, resolvePath, UsageError } from './io';

const USAGE = `Usage: npm run logs -- fetch --bucket <b> [--prefix <p>] [--account <id>] [--region <r>] --since <ISO> [--until <ISO>] --out <dir>

  --bucket <b>     the archive bucket
  --prefix <p>     the trails' S3 key prefix, if they use one
  --account <id>   only this account (default: every account folder under AWSLogs/, organization and external)
  --region <r>     only this region (default: every region found)
  --since <ISO>    log files delivered from then (inclusive)
  --until <ISO>    up to then (exclusive; default now); digests up to an hour later, so the last files are covered
  --out <dir>      the copy; a second run downloads only what is missing

Writes <digest>.metadata.json beside each digest (HeadObject) and <dir>/public-keys.json (ListPublicKeys of
each region). Then: npm run logs -- verify --from <dir>`;

export const fetchCommand: LogsCommand = {
  summary: 'download log files, digests, their signatures and the public keys for a time range',
  usage: USAGE,
  peers: ['@aws-sdk/client-s3', '@aws-sdk/client-cloudtrail'],
  async run(argv, io) {
    const { values } = parseFlags('fetch', argv, {
      bucket: { type: 'string' },
      prefix: { type: 'string' },
      account: { type: 'string' },
      region: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      out: { type: 'string' },
    });
    const bucket = bucketFlag(requireFlag(values.bucket as string | undefined, '--bucket', 'pass the archive bucket name'), '--bucket');
    const account = values.account as string | undefined;
    if (account !== undefined && !/^\d{12}$/.test(account))
      throw new UsageError(`--account ${account}: not a 12-digit account ID. Fix: pass e.g. --account 111122223333`);
    const region = values.region as string | undefined;
    if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
      throw new UsageError(`--region ${region}: not a region name. Fix: pass e.g. --region us-east-1`);
    const since = parseTime(
      requireFlag(values.since as string | undefined, '--since', 'pass where the copy begins, e.g. --since 2026-03-01'),
      '--since',
    )!;
    const until = parseTime(values.until as string | undefined, '--until') ?? new Date();
    if (until <= since)
      throw new UsageError(`--until ${until.toISOString()} is not after --since ${since.toISOString()}. Fix: give a later --until`);
    const out = resolvePath(io, requireFlag(values.out as string | undefined, '--out', 'pass the folder to write the copy to'));
    const prefix = values.prefix as string | undefined;

    // The SDK loads only when fetching: verify and query never pay for it.
    const { fetchArchive } = require('../fetch') as typeof import('../fetch');
    const { defaultClients } = require('../fetch/clients') as typeof import('../fetch/clients');
    const clients = defaultClients();
    // Without a region the SDK fails at the first request with a stack trace; say it before anything is written.
    try {
      await clients.s3.config.region();
    } catch {
      throw new UsageError(
        "the AWS SDK finds no region for S3 (AWS_REGION, or region in your AWS profile). Fix: set AWS_REGION to the archive bucket's region, e.g. AWS_REGION=eu-west-1",
      );
    }
    const summary = await fetchArchive(
      { bucket, since, until, out, ...(prefix ? { prefix } : {}), ...(account ? { account } : {}), ...(region ? { region } : {}) },
      clients,
    );
    io.stdout(
      `${summary.digests} digests and ${summary.logFiles} log files in ${out} (${summary.alreadyPresent} were already there)\n` +
        (summary.publicKeysFile
          ? `${summary.publicKeys} public keys of ${summary.keyRegions.join(', ')} in ${summary.publicKeysFile}\nNext: npm run logs -- verify --from ${out}\n`
          : 'No digest in range: no public keys written (is log file validation on for the trail?)\n'),
    );
    return 0;
  },
};
