/**
 * The Athena CloudTrail table's columns, as AWS documents them, once for both engines: the Glue
 * table the Athena stack synthesizes and the local DuckDB `cloudtrail` view are built from this list.
 *
 * Source: athena/latest/ug/create-cloudtrail-table-partition-projection.html (the `cloudtrail_logs_pp`
 * DDL: column order, names and Hive types, `ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'`,
 * `INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'`), cross-checked with
 * athena/latest/ug/create-cloudtrail-table.html (same columns; there `readonly` follows `apiversion`).
 * `requestparameters`, `responseelements`, `additionaleventdata`, `serviceeventdetails` and
 * `edgedevicedetails` are STRING: the JSON text of the record's object, read with
 * `json_extract_scalar`. Booleans (`readOnly`) arrive as the strings 'true'/'false'.
 *
 * Pure data: no cdktf or provider import, so tooling/logs loads it cheaply.
 */

/** One column of the CloudTrail table: the Athena (lowercase) name and its Hive type string. */
export interface CloudTrailColumn {
  readonly name: string;
  /** Hive type as the Glue table stores it: `string`, `struct<...>`, `array<...>`, `map<...>`. */
  readonly type: string;
}

const USER_IDENTITY =
  'struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string,' +
  'onbehalfof:struct<userid:string,identitystorearn:string>,' +
  'sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,' +
  'sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,' +
  'ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>';

/** The table's data columns, in the documented order. */
export const CLOUDTRAIL_COLUMNS: readonly CloudTrailColumn[] = [
  { name: 'eventversion', type: 'string' },
  { name: 'useridentity', type: USER_IDENTITY },
  { name: 'eventtime', type: 'string' },
  { name: 'eventsource', type: 'string' },
  { name: 'eventname', type: 'string' },
  { name: 'awsregion', type: 'string' },
  { name: 'sourceipaddress', type: 'string' },
  { name: 'useragent', type: 'string' },
  { name: 'errorcode', type: 'string' },
  { name: 'errormessage', type: 'string' },
  { name: 'requestparameters', type: 'string' },
  { name: 'responseelements', type: 'string' },
  { name: 'additionaleventdata', type: 'string' },
  { name: 'requestid', type: 'string' },
  { name: 'eventid', type: 'string' },
  { name: 'readonly', type: 'string' },
  { name: 'resources', type: 'array<struct<arn:string,accountid:string,type:string>>' },
  { name: 'eventtype', type: 'string' },
  { name: 'apiversion', type: 'string' },
  { name: 'recipientaccountid', type: 'string' },
  { name: 'serviceeventdetails', type: 'string' },
  { name: 'sharedeventid', type: 'string' },
  { name: 'vpcendpointid', type: 'string' },
  { name: 'vpcendpointaccountid', type: 'string' },
  { name: 'eventcategory', type: 'string' },
  { name: 'addendum', type: 'struct<reason:string,updatedfields:string,originalrequestid:string,originaleventid:string>' },
  { name: 'sessioncredentialfromconsole', type: 'string' },
  { name: 'edgedevicedetails', type: 'string' },
  { name: 'tlsdetails', type: 'struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>' },
];

/**
 * Partition columns, taken from the S3 key
 * `[prefix/]AWSLogs/[<org-id>/]<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/`: `date` is the key's
 * `yyyy/MM/dd` text (the delivery day of the file, not of each event), all STRING. `date` is a SQL
 * keyword: queries quote it as `"date"` (both Athena and DuckDB accept that).
 */
export const CLOUDTRAIL_PARTITION_COLUMNS: readonly CloudTrailColumn[] = [
  { name: 'account', type: 'string' },
  { name: 'region', type: 'string' },
  { name: 'date', type: 'string' },
];

/** The `date` partition's format, as partition projection spells it (`projection.date.format`). */
export const CLOUDTRAIL_DATE_FORMAT = 'yyyy/MM/dd';

/**
 * The record's own spelling of every name whose case differs from the Athena column (CloudTrail
 * writes camelCase; the JsonSerDe matches case-insensitively, DuckDB does not). Covers nested
 * struct fields too (`principalid` is `principalId` at every level). Source: the record contents
 * and userIdentity pages (awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html,
 * cloudtrail-event-reference-user-identity.html).
 */
export const CLOUDTRAIL_RECORD_KEYS: Readonly<Record<string, string>> = {
  eventversion: 'eventVersion',
  useridentity: 'userIdentity',
  principalid: 'principalId',
  accountid: 'accountId',
  invokedby: 'invokedBy',
  accesskeyid: 'accessKeyId',
  username: 'userName',
  onbehalfof: 'onBehalfOf',
  userid: 'userId',
  identitystorearn: 'identityStoreArn',
  sessioncontext: 'sessionContext',
  mfaauthenticated: 'mfaAuthenticated',
  creationdate: 'creationDate',
  sessionissuer: 'sessionIssuer',
  ec2roledelivery: 'ec2RoleDelivery',
  webidfederationdata: 'webIdFederationData',
  federatedprovider: 'federatedProvider',
  eventtime: 'eventTime',
  eventsource: 'eventSource',
  eventname: 'eventName',
  awsregion: 'awsRegion',
  sourceipaddress: 'sourceIPAddress',
  useragent: 'userAgent',
  errorcode: 'errorCode',
  errormessage: 'errorMessage',
  requestparameters: 'requestParameters',
  responseelements: 'responseElements',
  additionaleventdata: 'additionalEventData',
  requestid: 'requestID',
  eventid: 'eventID',
  readonly: 'readOnly',
  eventtype: 'eventType',
  apiversion: 'apiVersion',
  recipientaccountid: 'recipientAccountId',
  serviceeventdetails: 'serviceEventDetails',
  sharedeventid: 'sharedEventID',
  vpcendpointid: 'vpcEndpointId',
  vpcendpointaccountid: 'vpcEndpointAccountId',
  eventcategory: 'eventCategory',
  updatedfields: 'updatedFields',
  originalrequestid: 'originalRequestID',
  originaleventid: 'originalEventID',
  sessioncredentialfromconsole: 'sessionCredentialFromConsole',
  edgedevicedetails: 'edgeDeviceDetails',
  tlsdetails: 'tlsDetails',
  tlsversion: 'tlsVersion',
  ciphersuite: 'cipherSuite',
  clientprovidedhostheader: 'clientProvidedHostHeader',
};

/**
 * Where the record's key differs from the rule above inside one struct: `resources[].ARN` is
 * upper case (the record-contents page's example), while `userIdentity.arn` is lower case.
 */
export const CLOUDTRAIL_RESOURCE_ARN_KEY = 'ARN';
