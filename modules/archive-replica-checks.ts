import { STORAGE_CLASS_WATERFALL } from './archive-lifecycle';
import { regionProblems, replicaRegionProblems } from './rules/identifiers';
import { iamRoleNameProblems } from './rules/names';
import { problem } from './rules/problem';
import { checkProp, type PropCheck } from './rules/prop-validation';

/* What an ArchiveReplica's own props must obey, checked at synth (archive-replica.ts). */

/** The storage classes a replication rule can write to (S3 ReplicationDestination StorageClass, those of this module). */
const REPLICA_STORAGE_CLASSES: readonly string[] = ['STANDARD', ...STORAGE_CLASS_WATERFALL];

/** The props the checks read (an ArchiveReplicaProps). */
interface CheckedReplicaProps {
  readonly sourceRegion: string;
  readonly replicaRegion: string;
  readonly roleName?: string;
  readonly storageClass?: string;
}

/** The rules of the replica's own props (its bucket names and key alias are checked by the bucket and key constructs). */
export function replicaPropChecks(props: CheckedReplicaProps): PropCheck[] {
  const storageClass = props.storageClass;
  return [
    ...checkProp('sourceRegion', props.sourceRegion, regionProblems),
    // A region typo is reported by the replica key, which lives there.
    ...checkProp('replicaRegion', props.replicaRegion, (r) => replicaRegionProblems(r, props.sourceRegion, 'the source region')),
    ...checkProp('roleName', props.roleName, iamRoleNameProblems),
    ...checkProp('storageClass', storageClass, (c) =>
      REPLICA_STORAGE_CLASSES.includes(c)
        ? []
        : [problem(c, 'is not a replication storage class', `use one of ${REPLICA_STORAGE_CLASSES.join(', ')}`)],
    ),
  ];
}
