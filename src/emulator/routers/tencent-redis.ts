import { Phase } from '../store';
import { arrayParam, tc3Router, tencentTime, timeWindow } from './tencent3';

/** DescribeTaskList Result codes: 0 initialized, 1 executing, 2 completed, 4 failed. */
const RESULT: Partial<Record<Phase, number>> = { pending: 0, running: 1, succeeded: 2, failed: 4 };

export const tencentRedisRouter = tc3Router({
  api: 'tencent-redis',
  service: 'redis',
  action: 'DescribeTaskList',
  version: '2018-04-12',
  regionRequired: false,
  firstTaskId: 42000,
  truncatedListing: '{"Response": {"Tasks": [{"TaskId"',
  filter(payload, entries) {
    const types = arrayParam(payload, 'TaskTypes', 'string');
    const results = arrayParam(payload, 'Result', 'integer');
    const window = timeWindow(payload, 'BeginTime', 'EndTime');
    for (const checked of [types, results, window]) if (checked && 'status' in checked) return checked;
    const { begin, end } = window as { begin?: number; end?: number };
    return entries.filter(
      ({ task, state }) =>
        (payload.InstanceId === undefined || task.instanceId === payload.InstanceId) &&
        (payload.InstanceName === undefined || task.instanceName === payload.InstanceName) &&
        (!Array.isArray(types) || types.includes(task.type)) &&
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
      TaskType: task.type,
    })),
    TotalCount: total,
  }),
});
