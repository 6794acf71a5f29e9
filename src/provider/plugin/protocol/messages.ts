import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import * as protobuf from 'protobufjs/light';
import descriptor from './descriptor.json';

/**
 * The protocol's messages and services, from descriptor.json: the .proto files beside it, compiled
 * to protobufjs's JSON form so that start-up reads JSON instead of parsing proto text (Terraform
 * starts the provider several times per command). test/provider/protocol.test.ts checks that the
 * JSON matches the .proto files; `UPDATE_PROTOCOL_DESCRIPTOR=1 npx jest test/provider/protocol`
 * rewrites it after a .proto change.
 */

// 64-bit integers as plain numbers, with or without the `long` package around: every int64 here
// (schema versions, block counts) is small.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(protobuf.util as any).Long = undefined;
protobuf.configure();

export const protocolRoot = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);

/** Messages in and out as plain objects with the .proto's field names; bytes as Buffer. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: Number, enums: Number, defaults: false };

function method(service: protobuf.Service, name: string): MethodDefinition<object, object> {
  const rpc = service.methods[name];
  rpc.resolve();
  const request = rpc.resolvedRequestType as protobuf.Type;
  const response = rpc.resolvedResponseType as protobuf.Type;
  return {
    path: `/${service.fullName.replace(/^\./, '')}/${rpc.name}`,
    requestStream: Boolean(rpc.requestStream),
    responseStream: Boolean(rpc.responseStream),
    requestSerialize: (value) => Buffer.from(request.encode(request.fromObject(value)).finish()),
    requestDeserialize: (bytes) => request.toObject(request.decode(bytes), TO_OBJECT),
    responseSerialize: (value) => Buffer.from(response.encode(response.fromObject(value)).finish()),
    responseDeserialize: (bytes) => response.toObject(response.decode(bytes), TO_OBJECT),
    originalName: rpc.name,
  };
}

/** A gRPC service definition for grpc-js, by the service's full name (`tfplugin6.Provider`). */
export function serviceDefinition(fullName: string): ServiceDefinition {
  const service = protocolRoot.lookupService(fullName);
  return Object.fromEntries(Object.keys(service.methods).map((name) => [name, method(service, name)]));
}

// The shapes of the messages the provider reads and writes (field names as in tfplugin6.proto).

export interface DynamicValueMessage {
  readonly msgpack?: Uint8Array;
  readonly json?: Uint8Array;
}

export interface TypedConfigRequest {
  readonly type_name?: string;
  readonly config?: DynamicValueMessage;
}

export interface ReadDataSourceRequest extends TypedConfigRequest {
  readonly client_capabilities?: { readonly deferral_allowed?: boolean };
}

/** tfplugin6 Deferred.Reason: the provider's configuration is not known yet. */
export const DEFERRED_PROVIDER_CONFIG_UNKNOWN = 2;

export interface ConfigureProviderRequest {
  readonly terraform_version?: string;
  readonly config?: DynamicValueMessage;
}

export interface UpgradeResourceStateRequest {
  readonly type_name?: string;
  readonly version?: number;
  readonly raw_state?: { readonly json?: Uint8Array };
}

export interface ReadResourceRequest {
  readonly type_name?: string;
  readonly current_state?: DynamicValueMessage;
  readonly private?: Uint8Array;
}

export interface PlanResourceChangeRequest {
  readonly type_name?: string;
  readonly prior_state?: DynamicValueMessage;
  readonly proposed_new_state?: DynamicValueMessage;
  readonly config?: DynamicValueMessage;
  readonly prior_private?: Uint8Array;
}

export interface ApplyResourceChangeRequest {
  readonly type_name?: string;
  readonly prior_state?: DynamicValueMessage;
  readonly planned_state?: DynamicValueMessage;
  readonly config?: DynamicValueMessage;
  readonly planned_private?: Uint8Array;
}

export interface ImportResourceStateRequest {
  readonly type_name?: string;
  readonly id?: string;
}
