import { Phase } from '../store';
import { arrayParam, tc3Router, tencentTime, timeWindow } from './tencent3';

/** DescribeTaskList Result codes: 0 initialized, 1 executing, 2 completed, 4 failed. */
const RESULT: Partial<Record<Phase, number>> = { pending: 0, running: 1, succeeded: 2, failed: 4 };

/**
 * Task type names and the three-digit codes answers carry (tencentcloud-sdk-go
 * tencentcloud/redis/v20180412/models.go, DescribeTaskListRequest.TaskTypes and TaskInfoDetail.TaskType).
 */
const TYPE_CODES: Readonly<Record<string, string>> = {
  FLOW_CREATE: '001',
  FLOW_RESIZE: '002',
  FLOW_CLOSE: '003',
  FLOW_CLEAN: '004',
  FLOW_STARTUP: '005',
  FLOW_DELETE: '006',
  FLOW_SETPWD: '007',
  FLOW_EXPORTBACKUP: '009',
  FLOW_RESTOREBACKUP: '010',
  FLOW_BACKUPINSTANCE: '012',
  FLOW_MIGRATEINSTANCE: '013',
  FLOW_DELBACKUP: '014',
  FLOW_EXCHANGEINSTANCE: '016',
  FLOW_AUTOBACKUP: '017',
  FLOW_MIGRATECHECK: '022',
  FLOW_MIGRATETASK: '023',
  FLOW_CLEANDB: '025',
  FLOW_CLONEBACKUP: '026',
  FLOW_CHANGEVIP: '027',
  FLOW_EXPORSHR: '028',
  FLOW_ADDNODES: '029',
  FLOW_CHANGENET: '031',
  FLOW_MODIFYINSTACEREADONLY: '033',
  FLOW_MODIFYINSTANCEPARAMS: '034',
  FLOW_MODIFYINSTANCEPASSWORDFREE: '035',
  FLOW_SWITCHINSTANCEVIP: '036',
  FLOW_MODIFYINSTANCEACCOUNT: '037',
  FLOW_MODIFYINSTANCEBANDWIDTH: '038',
  FLOW_ENABLEINSTANCE_REPLICATE: '039',
  FLOW_DISABLEINSTANCE_REPLICATE: '040',
  FLOW_UpgradeArch: '041',
  FLOW_DowngradeArch: '042',
  FLOW_UpgradeVersion: '043',
  FLOW_MODIFYCONNECTIONCONFIG: '044',
  FLOW_CLEARNETWORK: '045',
  FLOW_REMOVE_BACKUP_FILE: '046',
  FLOW_UPGRADE_SUPPORT_MULTI_AZ: '047',
  FLOW_SHUTDOWN_MASTER: '048',
  FLOW_CHANGE_REPLICA_TO_MASTER: '049',
  FLOW_CODE_ADD_REPLICATION_INSTANCE: '050',
  FLOW_OPEN_WAN: '052',
  FLOW_CLOSE_WAN: '053',
  FLOW_UPDATE_WAN: '054',
  FLOW_CODE_DELETE_REPLICATION_INSTANCE: '055',
  FLOW_CODE_CHANGE_MASTER_INSTANCE: '056',
  FLOW_CODE_CHANGE_INSTANCE_ROLE: '057',
  FLOW_MIGRATE_NODE: '058',
  FLOW_SWITCH_NODE: '059',
  FLOW_UPGRADE_SMALL_VERSION: '060',
  FLOW_UPGRADE_PROXY_VERSION: '061',
  FLOW_MODIFY_INSTANCE_NETWORK: '062',
  FLOW_MIGRATE_PROXY_NODE: '063',
  FLOW_MIGRATION_INSTANCE_ZONE: '066',
  FLOW_UPGRADE_INSTANCE_CACHE_AND_PROXY: '067',
  FLOW_MODIFY_PROXY_NUM: '069',
  FLOW_MODIFYBACKUPMOD: '070',
  // The seed page's spellings of FLOW_CLEAN and FLOW_CHANGE_REPLICA_TO_MASTER (DescribeTaskList TaskTypes.N).
  FLOW_FLOW_CLEAN: '004',
  FLOW_CHANGE_REPLICA_TO_MSTER: '049',
};

/** The code a type name stands for; a code, or a name the table lacks, as it is (the service sends new codes). */
export function redisTypeCode(type: string): string {
  return Object.hasOwn(TYPE_CODES, type) ? TYPE_CODES[type] : type;
}

export const tencentRedisRouter = tc3Router({
  api: 'tencent-redis',
  // Its Result codes (RESULT above) name no cancelled or paused task.
  outcomes: ['succeeded', 'failed', 'running'],
  service: 'redis',
  action: 'DescribeTaskList',
  version: '2018-04-12',
  regionRequired: false,
  // Seed: "Offset ... an integral multiple of Limit"; SDK: "offset=limit*(页码-1)".
  offsetMultipleOfLimit: true,
  firstTaskId: 42000,
  truncatedListing: '{"Response": {"Tasks": [{"TaskId"',
  errorCodes: {
    // DescribeTaskList's own error codes (tencent-redis-DescribeTaskList-2018-04-12, section 6).
    'FailedOperation.SystemError': 'Internal system error, which is irrelevant to the business.',
    'InternalError.DbOperationFailed': 'Internal system error with the database operation.',
    'InternalError.InternalError': 'Internal error.',
    'InvalidParameter.PermissionDenied': 'The API has no CAM permissions.',
  },
  filter(payload, entries) {
    const types = arrayParam(payload, 'TaskTypes', 'string');
    const results = arrayParam(payload, 'Result', 'integer');
    const window = timeWindow(payload, 'BeginTime', 'EndTime');
    for (const checked of [types, results, window]) if (checked && 'status' in checked) return checked;
    const { begin, end } = window as { begin?: number; end?: number };
    // The SDK documents the filter with names; the official provider's test filters with ["034"].
    const codes = Array.isArray(types) ? types.map((type) => redisTypeCode(type as string)) : undefined;
    return entries.filter(
      ({ task, state }) =>
        (payload.InstanceId === undefined || task.instanceId === payload.InstanceId) &&
        (payload.InstanceName === undefined || task.instanceName === payload.InstanceName) &&
        (codes === undefined || codes.includes(redisTypeCode(task.type))) &&
        (!Array.isArray(results) || results.includes(RESULT[state.phase])) &&
        (begin === undefined || task.startAt >= begin) &&
        (end === undefined || task.startAt <= end),
    );
  },
  render: ({ total, entries }) => ({
    Tasks: entries.map(({ task, state }) => ({
      EndTime: state.endAt === undefined ? '' : tencentTime(state.endAt),
      InstanceId: task.instanceId,
      InstanceName: task.instanceName,
      Progress: state.progress,
      ProjectId: 0,
      Result: RESULT[state.phase] ?? 4,
      StartTime: tencentTime(task.startAt),
      TaskId: Number(task.id),
      // Answers carry the code, in the seed's example ("037") as today.
      TaskType: redisTypeCode(task.type),
    })),
    TotalCount: total,
  }),
});
