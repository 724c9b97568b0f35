/**
 * The key file: `ListPublicKeys` of each region the digests came from, over the time the digests
 * span (as the AWS CLI asks: from the first digest's start to two hours after the last one's end),
 * merged into one `PublicKeyList` as `aws cloudtrail list-public-keys` prints it.
 */
import { type CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { cliTime } from '../archive/aws-cli-format';

export interface ListedKey {
  readonly Value: string;
  readonly ValidityStartTime: string;
  readonly ValidityEndTime: string;
  readonly Fingerprint: string;
}

const HOUR = 3600_000;

export async function listPublicKeys(client: CloudTrailClient, from: Date, until: Date): Promise<ListedKey[]> {
  const keys: ListedKey[] = [];
  const end = new Date(Math.min(until.getTime() + 2 * HOUR, Date.now()));
  let token: string | undefined;
  do {
    const page = await client.send(new ListPublicKeysCommand({ StartTime: from, EndTime: end, NextToken: token }));
    for (const key of page.PublicKeyList ?? []) {
      if (!key.Value || !key.Fingerprint || !key.ValidityStartTime || !key.ValidityEndTime) continue;
      keys.push({
        Value: Buffer.from(key.Value).toString('base64'),
        ValidityStartTime: cliTime(key.ValidityStartTime),
        ValidityEndTime: cliTime(key.ValidityEndTime),
        Fingerprint: key.Fingerprint,
      });
    }
    token = page.NextToken;
  } while (token);
  return keys;
}
