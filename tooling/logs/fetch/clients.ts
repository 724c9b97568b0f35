/**
 * The SDK clients fetch uses by default: credentials and region from the SDK's provider chain,
 * endpoints from its standard configuration (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_CLOUDTRAIL,
 * AWS_ENDPOINT_URL or `endpoint_url` in the shared config). A custom S3 endpoint gets path-style
 * requests, which S3-compatible servers (and loopback test servers) need.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import type { FetchClients } from '.';

export function defaultClients(env: NodeJS.ProcessEnv = process.env): FetchClients {
  const customS3 = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
  const s3 = new S3Client({ ...(customS3 ? { forcePathStyle: true } : {}) });
  const cloudTrail = new Map<string, CloudTrailClient>();
  return {
    s3,
    cloudTrail: (region) => {
      if (!cloudTrail.has(region)) cloudTrail.set(region, new CloudTrailClient({ region }));
      return cloudTrail.get(region)!;
    },
  };
}
