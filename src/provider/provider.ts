import { Clock, CredentialCache, InterruptedError } from './backend';
import {
  CtyObject,
  CtyType,
  CtyValue,
  UNKNOWN,
  fromJson,
  fromMsgpack,
  isObject,
  isUnknown,
  toMsgpack,
} from './plugin/cty';
import { Diagnostic, attributePath, errorDiagnostic } from './plugin/diagnostics';
import { Logger } from './plugin/log';
import {
  ApplyResourceChangeRequest,
  ConfigureProviderRequest,
  DynamicValueMessage,
  ImportResourceStateRequest,
  DEFERRED_PROVIDER_CONFIG_UNKNOWN,
  PlanResourceChangeRequest,
  ReadDataSourceRequest,
  ReadResourceRequest,
  TypedConfigRequest,
  UpgradeResourceStateRequest,
} from './plugin/protocol/messages';
import { impliedType, schemaMessage } from './plugin/schema';
import { GATE_RESOURCE_SCHEMA, RESOURCE_GATE, applyGate, planGate, validateGate } from './gate-resource';
import { OperationContext, PROVIDER_SCHEMA, validateProviderConfig } from './query';
import { DATA_SOURCE_TASKS, TASKS_DATA_SOURCE_SCHEMA, readTasks, validateTasks } from './tasks-data-source';

/**
 * The tfplugin6 Provider service, on protocol messages: decodes values by schema, runs the data
 * source (tasks-data-source.ts) and the gate (gate-resource.ts), encodes the answers. Transport-free,
 * so tests call it directly.
 */

const PROVIDER_TYPE = impliedType(PROVIDER_SCHEMA.block);
const DATA_TYPE = impliedType(TASKS_DATA_SOURCE_SCHEMA.block);
const GATE_TYPE = impliedType(GATE_RESOURCE_SCHEMA.block);

interface Diagnosed {
  readonly diagnostics: Diagnostic[];
}

function decode(value: DynamicValueMessage | undefined, type: CtyType): CtyValue {
  if (value?.msgpack && value.msgpack.length > 0) return fromMsgpack(value.msgpack, type);
  if (value?.json && value.json.length > 0) return fromJson(value.json, type);
  return null;
}

function decodeObject(value: DynamicValueMessage | undefined, type: CtyType): CtyObject | null {
  const decoded = decode(value, type);
  return isObject(decoded) ? decoded : null;
}

function encode(value: CtyValue, type: CtyType): DynamicValueMessage {
  return { msgpack: toMsgpack(value, type) };
}

function unknownType(kind: string, name: string | undefined): Diagnosed {
  return {
    diagnostics: [
      errorDiagnostic(`Unknown ${kind}`, `the taskgate provider has no ${kind} "${name ?? ''}".`),
    ],
  };
}

export interface ProviderOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  readonly version: string;
  /** The clock waits and deadlines run on: the system's unless a test gives its own. */
  readonly clock?: Clock;
}

export class TaskgateProvider {
  private endpoint?: string;
  private endpointUnknown = false;
  private stopper = new AbortController();
  // One per provider process: every read and gate of a plan or apply shares the STS and metadata calls.
  private readonly credentialCache = new CredentialCache();

  constructor(private readonly options: ProviderOptions) {}

  private context(): OperationContext {
    return {
      env: this.options.env,
      endpoint: this.endpoint,
      endpointUnknown: this.endpointUnknown,
      signal: this.stopper.signal,
      log: this.options.log,
      credentialCache: this.credentialCache,
      clock: this.options.clock,
    };
  }

  getMetadata() {
    return {
      server_capabilities: { get_provider_schema_optional: true },
      diagnostics: [],
      data_sources: [{ type_name: DATA_SOURCE_TASKS }],
      resources: [{ type_name: RESOURCE_GATE }],
    };
  }

  getProviderSchema() {
    return {
      provider: schemaMessage(PROVIDER_SCHEMA),
      resource_schemas: { [RESOURCE_GATE]: schemaMessage(GATE_RESOURCE_SCHEMA) },
      data_source_schemas: { [DATA_SOURCE_TASKS]: schemaMessage(TASKS_DATA_SOURCE_SCHEMA) },
      diagnostics: [],
      server_capabilities: { get_provider_schema_optional: true },
    };
  }

  validateProviderConfig(request: { config?: DynamicValueMessage }): Diagnosed {
    const config = decodeObject(request.config, PROVIDER_TYPE);
    return { diagnostics: config ? validateProviderConfig(config) : [] };
  }

  validateDataResourceConfig(request: TypedConfigRequest): Diagnosed {
    if (request.type_name !== DATA_SOURCE_TASKS) return unknownType('data source', request.type_name);
    const config = decodeObject(request.config, DATA_TYPE);
    return { diagnostics: config ? validateTasks(config, this.context()) : [] };
  }

  validateResourceConfig(request: TypedConfigRequest): Diagnosed {
    if (request.type_name !== RESOURCE_GATE) return unknownType('resource type', request.type_name);
    const config = decodeObject(request.config, GATE_TYPE);
    return { diagnostics: config ? validateGate(config, this.context()) : [] };
  }

  configureProvider(request: ConfigureProviderRequest): Diagnosed {
    const config = decodeObject(request.config, PROVIDER_TYPE);
    const endpoint = config?.endpoint;
    this.endpoint = typeof endpoint === 'string' && endpoint !== '' ? endpoint : undefined;
    // At plan an endpoint from a resource not yet created is unknown: it is not "unset".
    this.endpointUnknown = endpoint !== undefined && isUnknown(endpoint);
    this.options.log.debug('configured', {
      terraform_version: request.terraform_version,
      provider_version: this.options.version,
      endpoint_set: this.endpoint !== undefined,
      endpoint_unknown: this.endpointUnknown,
    });
    return { diagnostics: config ? validateProviderConfig(config) : [] };
  }

  async readDataSource(request: ReadDataSourceRequest) {
    if (request.type_name !== DATA_SOURCE_TASKS) return unknownType('data source', request.type_name);
    const config = decodeObject(request.config, DATA_TYPE);
    if (!config)
      return { diagnostics: [errorDiagnostic('Invalid configuration', 'the data source is empty.')] };
    const { state, diagnostics, deferred } = await readTasks(config, this.context(), {
      deferralAllowed: request.client_capabilities?.deferral_allowed === true,
    });
    if (deferred) {
      // A deferred read's value is wholly unknown, as terraform-plugin-framework answers it.
      return {
        state: encode(UNKNOWN, DATA_TYPE),
        deferred: { reason: DEFERRED_PROVIDER_CONFIG_UNKNOWN },
        diagnostics,
      };
    }
    return { ...(state ? { state: encode(state, DATA_TYPE) } : {}), diagnostics };
  }

  upgradeResourceState(request: UpgradeResourceStateRequest) {
    if (request.type_name !== RESOURCE_GATE) return unknownType('resource type', request.type_name);
    const json = request.raw_state?.json;
    if (!json || json.length === 0) {
      return {
        diagnostics: [
          errorDiagnostic('Cannot read the stored state', 'the state holds no JSON for this gate.'),
        ],
      };
    }
    // Version 0 is the only one so far: the stored attributes are read with the current schema.
    const state = fromJson(json, GATE_TYPE);
    return { upgraded_state: encode(state, GATE_TYPE), diagnostics: [] };
  }

  getResourceIdentitySchemas() {
    return { diagnostics: [] };
  }

  readResource(request: ReadResourceRequest) {
    if (request.type_name !== RESOURCE_GATE) return unknownType('resource type', request.type_name);
    // The gate keeps no remote object: what was stored is what there is.
    return { new_state: request.current_state, diagnostics: [], private: request.private };
  }

  planResourceChange(request: PlanResourceChangeRequest) {
    if (request.type_name !== RESOURCE_GATE) return unknownType('resource type', request.type_name);
    const { planned, requiresReplace, diagnostics } = planGate(
      decodeObject(request.prior_state, GATE_TYPE),
      decodeObject(request.proposed_new_state, GATE_TYPE),
      decodeObject(request.config, GATE_TYPE),
      this.context(),
    );
    return {
      planned_state: encode(planned, GATE_TYPE),
      requires_replace: requiresReplace.map((name) => attributePath(name)),
      planned_private: request.prior_private,
      diagnostics,
    };
  }

  async applyResourceChange(request: ApplyResourceChangeRequest) {
    if (request.type_name !== RESOURCE_GATE) return unknownType('resource type', request.type_name);
    const { newState, diagnostics } = await applyGate(
      decodeObject(request.prior_state, GATE_TYPE),
      decodeObject(request.planned_state, GATE_TYPE),
      decodeObject(request.config, GATE_TYPE),
      this.context(),
    );
    return { new_state: encode(newState, GATE_TYPE), private: request.planned_private, diagnostics };
  }

  importResourceState(request: ImportResourceStateRequest): Diagnosed {
    if (request.type_name !== RESOURCE_GATE) return unknownType('resource type', request.type_name);
    return {
      diagnostics: [
        errorDiagnostic(
          'taskgate_gate cannot be imported',
          'a gate holds no remote object to import: declare it and apply, and it waits for its condition.',
        ),
      ],
    };
  }

  getFunctions() {
    return { diagnostics: [] };
  }

  /** Ends every wait in progress (Ctrl-C in Terraform); later calls start afresh. */
  stopProvider() {
    this.options.log.info('Terraform asked to stop: ending the waits in progress');
    this.cancel();
    return {};
  }

  /** Ends every call in progress, quietly (the process is about to exit). */
  cancel(): void {
    this.stopper.abort(
      new InterruptedError('interrupted: Terraform asked the provider to stop; the wait did not finish.'),
    );
    this.stopper = new AbortController();
  }
}
