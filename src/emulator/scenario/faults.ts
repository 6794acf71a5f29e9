import { API_NAMES, ApiName, isApiName } from '../../core/model';
import { FAULT_KINDS, Fault, FaultKind } from '../faults';
import { IDENTITY_FAULT_KINDS } from '../identity';
import { LIMITS } from '../limits';
import { ScenarioError, duration, integer, obj, oneOf, signedDuration, str } from './json';

/**
 * A fault spec: `{ "kind": "throttle", "count": 3, "api": "tencent-redis", "retryAfter": 1 }`, a vendor
 * error `{ "kind": "error", "api": "tencent-cdb", "code": "UnsupportedRegion" }`, or one of an identity
 * service: `{ "kind": "error5xx", "service": "tencent-sts" }`.
 */
export function parseFaultSpec(value: unknown, where: string): Fault {
  const spec = obj(value, where);
  const kind = oneOf<FaultKind>(spec.kind, FAULT_KINDS, `${where}.kind`, 'throttle');
  if (spec.kind === undefined)
    throw new ScenarioError(`${where}.kind is required: one of ${FAULT_KINDS.join(', ')}`);
  const api = str(spec.api, `${where}.api`);
  if (api !== undefined && !isApiName(api))
    throw new ScenarioError(`${where}.api must be one of ${API_NAMES.join(', ')}`);
  const service = str(spec.service, `${where}.service`);
  // Which services exist is the routers' business: the state checks the name against them.
  if (service !== undefined) {
    if (api !== undefined) throw new ScenarioError(`${where} takes api or service, not both`);
    if (!(IDENTITY_FAULT_KINDS as readonly string[]).includes(kind))
      throw new ScenarioError(`${where}.kind must be ${IDENTITY_FAULT_KINDS.join(', ')} with a service`);
  }
  const count = integer(spec.count, `${where}.count`, 1, 1, LIMITS.faultCount);
  const retryAfter = spec.retryAfter === undefined ? undefined : Number(spec.retryAfter);
  if (retryAfter !== undefined && !(retryAfter >= 0 && retryAfter <= LIMITS.retryAfterSeconds))
    throw new ScenarioError(`${where}.retryAfter must be seconds from 0 to ${LIMITS.retryAfterSeconds}`);
  const status = spec.status === undefined ? 503 : Number(spec.status);
  if (!Number.isInteger(status) || status < 500 || status > 599) {
    throw new ScenarioError(`${where}.status must be a 5xx HTTP status`);
  }
  const ms =
    kind === 'skew'
      ? signedDuration(spec.ms, `${where}.ms`, LIMITS.skew)
      : duration(spec.ms, `${where}.ms`, 0, LIMITS.delay);
  const tasks = integer(spec.tasks, `${where}.tasks`, 1, 1, LIMITS.faultTasks);
  // Which codes and forms exist is the routers' business: the state checks them against the API's router.
  const code = str(spec.code, `${where}.code`);
  if (kind === 'error' && code === undefined)
    throw new ScenarioError(`${where}: an error fault names the "code" to answer with (and its "api")`);
  if (kind !== 'error' && (code ?? spec.form ?? spec.message) !== undefined)
    throw new ScenarioError(`${where}: only an error fault takes code, message and form`);
  return {
    kind,
    remaining: count,
    api: api as ApiName | undefined,
    service,
    ms,
    retryAfterSeconds: retryAfter,
    status,
    tasks,
    code,
    message: str(spec.message, `${where}.message`),
    form: str(spec.form, `${where}.form`),
  };
}
