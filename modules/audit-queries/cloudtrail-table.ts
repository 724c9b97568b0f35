import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { Fn, type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { problem } from '../rules/problem';
import { addPropValidation, checkProp } from '../rules/prop-validation';
import { glueNameProblems } from '../rules/service-names';
import { CLOUDTRAIL_COLUMNS, CLOUDTRAIL_DATE_FORMAT, CLOUDTRAIL_PARTITION_COLUMNS, type CloudTrailColumn } from './cloudtrail-columns';

/**
 * A partition-projected Glue table over CloudTrail log files in the archive, as Athena reads them
 * (athena/latest/ug/create-cloudtrail-table-partition-projection.html): the documented columns,
 * `JsonSerDe` with `CloudTrailInputFormat`, and three projected partitions, `account` (enum),
 * `region` (enum) and `date` (`yyyy/MM/dd`, from a start date to NOW, one day apart), placed into
 * the archive's own key layout by `storage.location.template`.
 */

/** Which of the archive's two layouts the table reads. */
export type CloudTrailLayout =
  /** `AWSLogs/<organization id>/<account>/CloudTrail/...`: the organization trail. */
  | { readonly kind: 'organization'; readonly organizationId: string }
  /** `AWSLogs/<account>/CloudTrail/...`: account trails (external accounts, a trail that stopped being an organization trail). */
  | { readonly kind: 'account' };

export interface CloudTrailTableProps {
  readonly databaseName: string;
  readonly tableName: string;
  /** Account that owns the Data Catalog (the querying account). */
  readonly catalogAccountId: string;
  readonly bucketName: string;
  /** @default - none: `AWSLogs/` at the bucket root */
  readonly keyPrefix?: string;
  readonly layout: CloudTrailLayout;
  /** @default CLOUDTRAIL_COLUMNS - the documented CloudTrail columns (name, Hive type) */
  readonly columns?: readonly CloudTrailColumn[];
  /** Account IDs projected until the refresh function adds more; at least one. */
  readonly accountIds: readonly string[];
  /** Regions projected: every region a multi-region trail can log. */
  readonly regions: readonly string[];
  /** First projected day: `yyyy/MM/dd`, or a relative `NOW-<n>DAYS`. */
  readonly startDate: string;
  /** @default - none */
  readonly description?: string;
  /**
   * Leaves `projection.account.values` to a function that updates it after apply
   * (`lifecycle.ignore_changes`), so Terraform does not undo its additions.
   * @default false
   */
  readonly accountsManagedOutsideTerraform?: boolean;
  /** Created after these (the database). @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/** Table parameter holding the projected account IDs (what the refresh function updates). */
export const ACCOUNT_VALUES_PARAMETER = 'projection.account.values';

/** Documented by Athena's CloudTrail DDL (create-cloudtrail-table*.html). */
export const CLOUDTRAIL_STORAGE = {
  serde: 'org.apache.hive.hcatalog.data.JsonSerDe',
  inputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
} as const;

export class CloudTrailTable extends Construct {
  public readonly databaseName: string;
  public readonly tableName: string;
  /** `s3://<bucket>/[<prefix>/]AWSLogs/[<organization id>/]`. */
  public readonly location: string;
  /** `storage.location.template`. */
  public readonly locationTemplate: string;
  public readonly table: GlueCatalogTable;

  constructor(scope: Construct, id: string, props: CloudTrailTableProps) {
    super(scope, id);
    // The database's name is checked where the database is created (AuditQueries). A projected enum
    // needs at least one value (athena/latest/ug/partition-projection-supported-types.html, projection.<column>.values "Required").
    const notEmpty = (what: string) => (values: readonly string[]) =>
      values.length === 0
        ? [problem(values, 'is empty; a projected enum needs at least one value', `list the ${what} whose trails the table reads`)]
        : [];
    addPropValidation(this, () => [
      ...checkProp('tableName', props.tableName, glueNameProblems),
      ...checkProp('accountIds', props.accountIds, notEmpty('accounts')),
      ...checkProp('regions', props.regions, notEmpty('regions')),
    ]);
    this.databaseName = props.databaseName;
    this.tableName = props.tableName;
    const logs = `s3://${props.bucketName}/${props.keyPrefix ? `${props.keyPrefix}/` : ''}AWSLogs/`;
    this.location = props.layout.kind === 'organization' ? `${logs}${props.layout.organizationId}/` : logs;
    // A placeholder for every partition column, and a trailing slash so each day is a folder
    // (partition-projection-setting-up.html, "Specifying custom S3 storage locations").
    this.locationTemplate = `${this.location}\${account}/CloudTrail/\${region}/\${date}/`;

    this.table = new GlueCatalogTable(this, 'Table', {
      provider: props.provider,
      catalogId: props.catalogAccountId,
      databaseName: props.databaseName,
      name: props.tableName,
      description: props.description,
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        EXTERNAL: 'TRUE',
        'projection.enabled': 'true',
        'projection.account.type': 'enum',
        [ACCOUNT_VALUES_PARAMETER]: [...new Set(props.accountIds)].sort().join(','),
        'projection.region.type': 'enum',
        'projection.region.values': [...new Set(props.regions)].join(','),
        'projection.date.type': 'date',
        // Relative NOW and fixed dates are both documented (partition-projection-supported-types.html).
        'projection.date.range': `${props.startDate},NOW`,
        'projection.date.format': CLOUDTRAIL_DATE_FORMAT,
        'projection.date.interval': '1',
        'projection.date.interval.unit': 'DAYS',
        // Athena's placeholders, not Terraform's: written `$${...}` so Terraform passes them through.
        'storage.location.template': Fn.rawString(this.locationTemplate),
      },
      // account, region, date: the names the projection properties and the template below use.
      partitionKeys: CLOUDTRAIL_PARTITION_COLUMNS.map((c) => ({ name: c.name, type: c.type })),
      storageDescriptor: {
        location: this.location,
        inputFormat: CLOUDTRAIL_STORAGE.inputFormat,
        outputFormat: CLOUDTRAIL_STORAGE.outputFormat,
        serDeInfo: { serializationLibrary: CLOUDTRAIL_STORAGE.serde },
        columns: (props.columns ?? CLOUDTRAIL_COLUMNS).map((c) => ({ name: c.name, type: hiveType(c.type) })),
      },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      // The refresh function adds accounts after apply; Terraform keeps what it added.
      ...(props.accountsManagedOutsideTerraform ? { lifecycle: { ignoreChanges: [`parameters["${ACCOUNT_VALUES_PARAMETER}"]`] } } : {}),
    });
  }
}

/**
 * A Hive type as Glue stores it when Athena's DDL creates the table: lowercase, no spaces
 * (`STRUCT< type: STRING>` becomes `struct<type:string>`), so the table Terraform creates matches
 * the one AWS's DDL would and a plan shows no change after apply.
 */
export function hiveType(type: string): string {
  return type.replace(/\s+/g, '').toLowerCase();
}
