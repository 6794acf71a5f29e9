import { Phase, TaskState } from '../store';
import { EmulatedTask, OUTCOMES } from '../task';
import { arrayParam, tc3Router, tencentTime, timeWindow } from './tencent3';

/** DescribeTasks TaskStatus integers (tencent-cdb-DescribeTasks-2017-03-20, TaskStatus.N). */
const STATUS: Record<Phase, number> = {
  pending: 0,
  running: 1,
  succeeded: 2,
  failed: 3,
  cancelled: 4,
  paused: 6,
};
/** The names the current answer carries (terraform-provider-tencentcloud cdb/extension_mysql.go, MYSQL_TASK_STATUS). */
const STATUS_NAME: Record<Phase, string> = {
  pending: 'INITIAL',
  running: 'RUNNING',
  succeeded: 'SUCCEED',
  failed: 'FAILED',
  cancelled: 'KILLED',
  paused: 'PAUSED',
};
/** TaskType integers and names (terraform-provider-tencentcloud cdb/extension_mysql.go, MYSQL_TASK_TYPES). */
const TYPE_NAME: Readonly<Record<string, string>> = {
  '1': 'ROLLBACK',
  '2': 'SQL OPERATION',
  '3': 'IMPORT DATA',
  '5': 'MODIFY PARAM',
  '6': 'INITIAL',
  '7': 'REBOOT',
  '8': 'OPEN GTID',
  '9': 'UPGRADE RO',
  '10': 'BATCH ROLLBACK',
  '11': 'UPGRADE MASTER',
  '12': 'DROP TABLES',
  '13': 'SWITCH DR TO MASTER',
};
const TYPE_NUMBER: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(TYPE_NAME).map(([number, name]) => [name, number]),
);

/** A scenario's type (integer or name) as the integer the seed's answer and the request filter use. */
function typeNumber(type: string): string {
  return Object.hasOwn(TYPE_NUMBER, type) ? TYPE_NUMBER[type] : type;
}

/** The type as the current answer names it; an integer the table lacks as it is. */
function typeName(type: string): string {
  const number = typeNumber(type);
  return Object.hasOwn(TYPE_NAME, number) ? TYPE_NAME[number] : type;
}

const finished = (phase: Phase) => phase === 'failed' || phase === 'succeeded';

/** The seed's item: integers, `Data[]`, and a failed job's reason in Data[0].Message (JobId 51788). */
function seedItem(task: EmulatedTask, state: TaskState): Record<string, unknown> {
  const failed = state.phase === 'failed';
  const number = Number(typeNumber(task.type));
  return {
    Status: STATUS[state.phase],
    Code: failed ? -5003 : 0,
    Data: [failed ? { InstanceId: task.instanceId, Message: task.message } : { InstanceId: task.instanceId }],
    JobId: Number(task.id),
    StartTime: tencentTime(task.startAt),
    Progress: Math.round(state.progress * 100),
    // The seed's failed job has an empty top-level Message; its succeeded ones say what was done.
    Message: state.phase === 'succeeded' ? task.message : '',
    EndTime: state.endAt === undefined ? '0000-00-00 00:00:00' : tencentTime(state.endAt),
    Type: Number.isInteger(number) ? number : task.type,
  };
}

/** The current item: tencentcloud-sdk-go tencentcloud/cdb/v20170320/models.go, TaskDetail. */
function currentItem(task: EmulatedTask, state: TaskState): Record<string, unknown> {
  return {
    Code: state.phase === 'failed' ? -5003 : 0,
    Message: finished(state.phase) ? task.message : '',
    JobId: Number(task.id),
    Progress: Math.round(state.progress * 100),
    TaskStatus: STATUS_NAME[state.phase],
    TaskType: typeName(task.type),
    StartTime: tencentTime(task.startAt),
    EndTime: state.endAt === undefined ? '0000-00-00 00:00:00' : tencentTime(state.endAt),
    InstanceIds: [task.instanceId],
    AsyncRequestId: task.asyncRequestId ?? '',
  };
}

export const tencentCdbRouter = tc3Router({
  api: 'tencent-cdb',
  // Its TaskStatus (STATUS above) names every outcome, KILLED and PAUSED included.
  outcomes: OUTCOMES,
  service: 'cdb',
  action: 'DescribeTasks',
  version: '2017-03-20',
  regionRequired: true,
  offsetMultipleOfLimit: false,
  firstTaskId: 15900,
  truncatedListing: '{"Response": {"Items": [{"Status"',
  errorCodes: {
    // DescribeTasks' own error codes (tencent-cdb-DescribeTasks-2017-03-20, section 6).
    CdbError: 'Backend or process error.',
    'InternalError.DatabaseAccessError': 'Internal database error.',
    'InternalError.DesError': 'Internal system error.',
    InvalidParameter: 'Parameter error.',
    'InvalidParameter.InstanceNotFound': 'The instance does not exist.',
    OperationDenied: 'The operation is not allowed.',
    'OperationDenied.WrongStatus': 'The backend task status is invalid.',
  },
  filter(payload, entries) {
    const types = arrayParam(payload, 'TaskTypes', 'integer');
    const statuses = arrayParam(payload, 'TaskStatus', 'integer');
    // The doc's table names InstanceId; its example sends InstanceIds.0: accept both.
    const instanceIds = arrayParam(payload, 'InstanceIds', 'string');
    const window = timeWindow(payload, 'StartTimeBegin', 'StartTimeEnd');
    for (const checked of [types, statuses, instanceIds, window])
      if (checked && 'status' in checked) return checked;
    const { begin, end } = window as { begin?: number; end?: number };
    return entries.filter(
      ({ task, state }) =>
        (payload.InstanceId === undefined || task.instanceId === payload.InstanceId) &&
        (!Array.isArray(instanceIds) || instanceIds.includes(task.instanceId)) &&
        (payload.AsyncRequestId === undefined || task.asyncRequestId === payload.AsyncRequestId) &&
        (!Array.isArray(types) || types.includes(Number(typeNumber(task.type)))) &&
        (!Array.isArray(statuses) || statuses.includes(STATUS[state.phase])) &&
        (begin === undefined || task.startAt >= begin) &&
        (end === undefined || task.startAt <= end),
    );
  },
  render: ({ total, entries }) => ({
    TotalCount: total,
    Items: entries.map(({ task, state }) => {
      const item = task.shape === 'seed' ? seedItem(task, state) : currentItem(task, state);
      // CDB documents Items as "Array of String": serve that form when asked.
      return task.stringItems ? JSON.stringify(item) : item;
    }),
  }),
});
