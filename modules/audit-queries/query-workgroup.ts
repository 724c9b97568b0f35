import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { PARTITION } from '../arns';
import { type Problem, problem } from '../rules/problem';
import { addPropValidation, checkProp } from '../rules/prop-validation';
import { athenaWorkgroupNameProblems } from '../rules/service-names';

/**
 * The Athena workgroup audit queries run in: its settings override each query's
 * (`enforce_workgroup_configuration`), so every result lands encrypted in the results bucket and
 * every query stops at the scan cap, whatever the client asks for.
 */

/** Defaults of the audit workgroup (the config schema reuses them). */
export const QUERY_WORKGROUP_DEFAULTS = {
  /**
   * 10 GiB: at Athena's $5 per TB scanned (aws.amazon.com/athena/pricing) a query costs at most
   * about $0.05. A month of a 50-account organization's logs, gzip-compressed, is a few GB.
   */
  bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
  /**
   * Pinned rather than AUTO, so the SQL dialect of the named queries (Trino) does not change under
   * them; the provider's default is AUTO (athena/latest/ug/engine-versions.html).
   */
  engineVersion: 'Athena engine version 3',
} as const;

/** The smallest cap Athena accepts: 10 MB (provider: `bytes_scanned_cutoff_per_query` at least 10485760). */
export const MIN_BYTES_SCANNED_CUTOFF = 10_485_760;

/** The scan cap's rules (the config's `auditQueries.bytesScannedCutoffPerQuery` messages). */
export const BYTES_SCANNED_CUTOFF_RULES = {
  notWhole: { rule: 'must be a whole number of bytes', fix: 'write it without decimals' },
  tooSmall: {
    rule: `is below ${MIN_BYTES_SCANNED_CUTOFF} bytes (10 MB), the smallest cap Athena accepts`,
    fix: `use ${MIN_BYTES_SCANNED_CUTOFF} or more, e.g. 10737418240 (10 GiB, about $0.05 a query)`,
  },
} as const;

export function bytesScannedCutoffProblems(bytes: number): Problem[] {
  const r = BYTES_SCANNED_CUTOFF_RULES;
  if (!Number.isInteger(bytes)) return [problem(bytes, r.notWhole.rule, r.notWhole.fix)];
  return bytes < MIN_BYTES_SCANNED_CUTOFF ? [problem(bytes, r.tooSmall.rule, r.tooSmall.fix)] : [];
}

export interface AuditQueryWorkgroupProps {
  readonly workgroupName: string;
  readonly accountId: string;
  readonly region: string;
  /** `s3://<bucket>/`: where results are written. */
  readonly outputLocation: string;
  /** The results bucket's owner: Athena refuses to write to a bucket of another owner. */
  readonly outputBucketOwner: string;
  /** Customer managed key that encrypts results (SSE_KMS). */
  readonly resultsKeyArn: string;
  /** @default 10 GiB */
  readonly bytesScannedCutoffPerQuery?: number;
  /** @default - none */
  readonly description?: string;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

export class AuditQueryWorkgroup extends Construct {
  public readonly workgroupName: string;
  /** Literal `arn:aws:athena:<region>:<account>:workgroup/<name>`. */
  public readonly workgroupArn: string;
  public readonly bytesScannedCutoffPerQuery: number;
  public readonly workgroup: AthenaWorkgroup;

  constructor(scope: Construct, id: string, props: AuditQueryWorkgroupProps) {
    super(scope, id);
    this.bytesScannedCutoffPerQuery = props.bytesScannedCutoffPerQuery ?? QUERY_WORKGROUP_DEFAULTS.bytesScannedCutoffPerQuery;
    addPropValidation(this, () => [
      ...checkProp('workgroupName', props.workgroupName, athenaWorkgroupNameProblems),
      ...checkProp('bytesScannedCutoffPerQuery', this.bytesScannedCutoffPerQuery, bytesScannedCutoffProblems),
    ]);
    this.workgroupName = props.workgroupName;
    this.workgroupArn = `arn:${PARTITION}:athena:${props.region}:${props.accountId}:workgroup/${props.workgroupName}`;
    this.workgroup = new AthenaWorkgroup(this, 'Workgroup', {
      provider: props.provider,
      name: props.workgroupName,
      description: props.description,
      state: 'ENABLED',
      // Deleting the workgroup never deletes its saved (named) queries with it by surprise.
      forceDestroy: false,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: this.bytesScannedCutoffPerQuery,
        requesterPaysEnabled: false,
        engineVersion: { selectedEngineVersion: QUERY_WORKGROUP_DEFAULTS.engineVersion },
        resultConfiguration: {
          outputLocation: props.outputLocation,
          expectedBucketOwner: props.outputBucketOwner,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: props.resultsKeyArn },
        },
      },
    });
  }
}
