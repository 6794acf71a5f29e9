import { parseIsoWithOffset } from '../../core/times';
import { API_NAMES, isApiName } from '../../core/model';
import { LIMITS } from '../limits';
import { ROUTERS } from '../routers';
import { CDB_ENCODINGS, CdbEncoding, NewTask, OUTCOMES, SHAPES, Shape } from '../task';
import { ScenarioError, duration, inTimeRange, obj, oneOf, quote, str } from './json';

/** `"-30s"`, `"+5s"` (relative to now) or an ISO time with offset. */
function parseStart(value: unknown, where: string, now: number): number {
  const text = str(value, where) ?? '0s';
  const relative = /^([+-])?(.+)$/.exec(text.trim());
  if (relative && !text.includes('T')) {
    const ms = duration(relative[2], where, 0, LIMITS.timeline);
    return inTimeRange(now + (relative[1] === '-' ? -ms : ms), where);
  }
  const at = parseIsoWithOffset(text);
  if (!at)
    throw new ScenarioError(
      `${where} must be a relative duration (-30s, +5s) or an ISO time, not ${quote(text)}`,
    );
  return inTimeRange(at.getTime(), where);
}

/** What the older `cdbEncoding` values mean in terms of `shape` and `stringItems`. */
const CDB_ENCODING_MEANS: Record<CdbEncoding, { shape: Shape; stringItems: boolean }> = {
  objects: { shape: 'seed', stringItems: false },
  'string-items': { shape: 'seed', stringItems: true },
  'task-status-string': { shape: 'current', stringItems: false },
};

/** A task spec from a scenario or the control interface; `shape` is the scenario's default shape. */
export function parseTaskSpec(value: unknown, where: string, now: number, shape: Shape = 'current'): NewTask {
  const spec = obj(value, where);
  const api = str(spec.api, `${where}.api`, true) as string;
  if (!isApiName(api)) throw new ScenarioError(`${where}.api must be one of ${API_NAMES.join(', ')}`);
  // Which outcomes a task may have is its API's router's business.
  const outcomes = ROUTERS.find((router) => router.api === api)?.outcomes ?? OUTCOMES;
  const outcome = oneOf(spec.outcome, outcomes, `${where}.outcome`, 'succeeded');
  const encoding =
    spec.cdbEncoding === undefined
      ? undefined
      : CDB_ENCODING_MEANS[
          oneOf<CdbEncoding>(spec.cdbEncoding, CDB_ENCODINGS, `${where}.cdbEncoding`, 'objects')
        ];
  return {
    api,
    id: str(spec.id, `${where}.id`),
    type: str(spec.type, `${where}.type`, true) as string,
    instanceId: str(spec.instanceId, `${where}.instanceId`, true) as string,
    instanceName: str(spec.instanceName, `${where}.instanceName`),
    startAt: parseStart(spec.start, `${where}.start`, now),
    pendingMs: duration(spec.pendingFor, `${where}.pendingFor`, 0, LIMITS.timeline),
    runningMs: duration(spec.runningFor, `${where}.runningFor`, 0, LIMITS.timeline),
    outcome,
    message: str(spec.message, `${where}.message`),
    asyncRequestId: str(spec.asyncRequestId, `${where}.asyncRequestId`),
    // An explicit shape wins over the one an older cdbEncoding implies.
    shape: oneOf<Shape>(spec.shape, SHAPES, `${where}.shape`, encoding?.shape ?? shape),
    stringItems: encoding?.stringItems ?? false,
  };
}
