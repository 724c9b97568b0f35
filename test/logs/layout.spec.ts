/** Archive keys as CloudTrail writes them (AWS's documented examples), parsed into their parts. */
import { parseArchiveKey } from '../../tooling/logs/archive/layout';

describe('parseArchiveKey > log files', () => {
  it('reads an organization trail log file key', () => {
    const key =
      'AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-2/2026/03/01/111122223333_CloudTrail_us-east-2_20260301T1455Z_Ey3cEs3HgJ9EQ0mD.json.gz';
    expect(parseArchiveKey(key)).toEqual({
      kind: 'log',
      key,
      prefix: '',
      orgId: 'o-exampleorgid',
      account: '111122223333',
      region: 'us-east-2',
      date: '2026-03-01',
      time: new Date('2026-03-01T14:55:00Z'),
    });
  });

  it('reads an account trail log file key under a key prefix of several segments', () => {
    const parsed = parseArchiveKey(
      'audit/trails/AWSLogs/444455556666/CloudTrail/eu-west-1/2026/12/31/444455556666_CloudTrail_eu-west-1_20261231T2359Z_abc.json.gz',
    );
    expect(parsed).toMatchObject({ kind: 'log', prefix: 'audit/trails', account: '444455556666', region: 'eu-west-1', date: '2026-12-31' });
    expect(parsed?.orgId).toBeUndefined();
  });

  it('still counts a .json.gz with a foreign name in a log folder as a log file, without a time', () => {
    const parsed = parseArchiveKey('AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/2026/03/01/extra.json.gz');
    expect(parsed).toMatchObject({ kind: 'log', account: '111122223333' });
    expect(parsed && 'time' in parsed).toBe(false);
  });
});

describe('parseArchiveKey > a log file name that disagrees with its folder', () => {
  it.each([
    [
      'account',
      'AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/2026/03/01/444455556666_CloudTrail_us-east-1_20260301T1455Z_Ey3cEs3HgJ9EQ0mD.json.gz',
    ],
    [
      'region',
      'AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/2026/03/01/111122223333_CloudTrail_eu-west-1_20260301T1455Z_Ey3cEs3HgJ9EQ0mD.json.gz',
    ],
  ])('is a log file without a time when the name names another %s', (_, key) => {
    const parsed = parseArchiveKey(key);
    expect(parsed).toMatchObject({ kind: 'log', account: '111122223333', region: 'us-east-1' });
    expect(parsed && 'time' in parsed).toBe(false);
  });
});

describe('parseArchiveKey > digests', () => {
  // The digest file structure page's example, and its organization form.
  const documented =
    'AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz';

  it("reads the documented digest key, with the time at the AWS CLI's fixed positions", () => {
    const parsed = parseArchiveKey(documented);
    expect(parsed).toMatchObject({
      kind: 'digest',
      account: '111122223333',
      region: 'us-east-2',
      trailName: 'your-trail-name',
      homeRegion: 'us-east-2',
      backfill: false,
    });
    // validation.py: extract_digest_key_date takes key[-24:-8] (key[-33:-17] for backfill).
    expect(parsed?.time).toEqual(new Date('2015-08-17T15:01:31Z'));
    expect(documented.slice(-24, -8)).toBe('20150817T150131Z');
  });

  it('reads an organization backfill digest with a prefix and a trail name holding underscores', () => {
    const key =
      'logs/AWSLogs/o-exampleorgid/111122223333/CloudTrail-Digest/eu-west-1/2026/03/01/111122223333_CloudTrail-Digest_eu-west-1_org_trail.v2_us-east-1_20260301T020000Z_backfill.json.gz';
    expect(parseArchiveKey(key)).toMatchObject({
      kind: 'digest',
      prefix: 'logs',
      orgId: 'o-exampleorgid',
      region: 'eu-west-1',
      trailName: 'org_trail.v2',
      homeRegion: 'us-east-1',
      backfill: true,
    });
    expect(key.slice(-33, -17)).toBe('20260301T020000Z');
  });

  it('ignores what is neither: sidecars, other CloudTrail folders, keys outside AWSLogs', () => {
    for (const key of [
      `${documented}.metadata.json`,
      'AWSLogs/111122223333/CloudTrail-Insight/us-east-2/2026/03/01/x.json.gz',
      'public-keys.json',
      'AWSLogs/1111/CloudTrail/us-east-2/2026/03/01/x.json.gz',
      'AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/x.json.gz',
    ]) {
      expect(parseArchiveKey(key)).toBeUndefined();
    }
  });
});
