import { Phase } from '../store';
import { arrayParam, tc3Router, tencentTime, timeWindow } from './tencent3';

/** DescribeTasks TaskStatus codes and the current API's string forms. */
const STATUS: Record<Phase, number> = {
  pending: 0,
  running: 1,
  succeeded: 2,
  failed: 3,
  cancelled: 4,
  paused: 6,
};
const STATUS_NAME: Record<Phase, string> = {
  pending: 'INITIAL',
  running: 'RUNNING',
  succeeded: 'SUCCEED',
  failed: 'FAILED',
  cancelled: 'KILLED',
  paused: 'PAUSED',
};

export const tencentCdbRouter = tc3Router({
  api: 'tencent-cdb',
  service: 'cdb',
  action: 'DescribeTasks',
  version: '2017-03-20',
  regionRequired: true,
  firstTaskId: 15900,
  truncatedListing: '{"Response": {"Items": [{"Status"',
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
        (!Array.isArray(types) || types.includes(Number(task.type))) &&
        (!Array.isArray(statuses) || statuses.includes(STATUS[state.phase])) &&
        (begin === undefined || task.startAt >= begin) &&
        (end === undefined || task.startAt <= end),
    );
  },
  render: ({ total, entries }) => ({
    TotalCount: total,
    Items: entries.map(({ task, state }) => {
      const status =
        task.cdbEncoding === 'task-status-string'
          ? { TaskStatus: STATUS_NAME[state.phase] }
          : { Status: STATUS[state.phase] };
      const item = {
        ...status,
        Code: state.phase === 'failed' ? -5003 : 0,
        Data: [{ InstanceId: task.instanceId }],
        JobId: Number(task.id),
        StartTime: tencentTime(task.startAt),
        Progress: Math.round(state.progress * 100),
        Message: state.phase === 'failed' || state.phase === 'succeeded' ? task.message : '',
        EndTime: state.endAt === undefined ? '0000-00-00 00:00:00' : tencentTime(state.endAt),
        Type: Number(task.type),
      };
      // CDB documents Items as "Array of String": serve that form when asked.
      return task.cdbEncoding === 'string-items' ? JSON.stringify(item) : item;
    }),
  }),
});
