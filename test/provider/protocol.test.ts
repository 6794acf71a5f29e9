import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as protobuf from 'protobufjs';
import { protocolRoot, serviceDefinition } from '../../src/provider/plugin/protocol/messages';

const DIR = path.join(__dirname, '../../src/provider/plugin/protocol');
const PROTO_FILES = ['tfplugin6.proto', 'go-plugin.proto', 'health.proto'];
const DESCRIPTOR = path.join(DIR, 'descriptor.json');

/** The .proto files compiled to protobufjs JSON, as the provider loads them (formatted as prettier does). */
function compiled(): string {
  const root = new protobuf.Root();
  root.loadSync(
    PROTO_FILES.map((file) => path.join(DIR, file)),
    { keepCase: true },
  );
  root.resolveAll();
  const prettier = path.join(__dirname, '../../node_modules/.bin/prettier');
  return execFileSync(prettier, ['--stdin-filepath', DESCRIPTOR], {
    input: JSON.stringify(root.toJSON()),
    encoding: 'utf8',
  });
}

describe('protocol descriptor', () => {
  it('descriptor.json is the .proto files compiled (UPDATE_PROTOCOL_DESCRIPTOR=1 rewrites it)', () => {
    const expected = compiled();
    if (process.env.UPDATE_PROTOCOL_DESCRIPTOR === '1') fs.writeFileSync(DESCRIPTOR, expected);
    expect(fs.readFileSync(DESCRIPTOR, 'utf8')).toBe(expected);
  });

  it('uses the field numbers of Terraform and go-plugin', () => {
    const field = (type: string, name: string) => protocolRoot.lookupType(type).fields[name].id;
    expect(field('tfplugin6.DynamicValue', 'msgpack')).toBe(1);
    expect(field('tfplugin6.DynamicValue', 'json')).toBe(2);
    expect(field('tfplugin6.Diagnostic', 'attribute')).toBe(4);
    expect(field('tfplugin6.Schema.Attribute', 'computed')).toBe(6);
    expect(field('tfplugin6.GetProviderSchema.Response', 'server_capabilities')).toBe(6);
    expect(field('tfplugin6.ValidateProviderConfig.Response', 'diagnostics')).toBe(2);
    expect(field('tfplugin6.PlanResourceChange.Response', 'requires_replace')).toBe(2);
    expect(field('tfplugin6.ApplyResourceChange.Response', 'diagnostics')).toBe(3);
    expect(field('tfplugin6.ReadDataSource.Response', 'state')).toBe(1);
    expect(field('tfplugin6.ReadDataSource.Request', 'client_capabilities')).toBe(4);
    expect(field('tfplugin6.ReadDataSource.Response', 'deferred')).toBe(3);
    expect(field('tfplugin6.ClientCapabilities', 'deferral_allowed')).toBe(1);
    expect(field('tfplugin6.Deferred', 'reason')).toBe(1);
    expect(protocolRoot.lookupEnum('tfplugin6.Deferred.Reason').values.PROVIDER_CONFIG_UNKNOWN).toBe(2);
    expect(field('grpc.health.v1.HealthCheckResponse', 'status')).toBe(1);
  });

  it('serves the gRPC paths Terraform and go-plugin call', () => {
    expect(serviceDefinition('tfplugin6.Provider').PlanResourceChange.path).toBe(
      '/tfplugin6.Provider/PlanResourceChange',
    );
    expect(serviceDefinition('plugin.GRPCController').Shutdown.path).toBe('/plugin.GRPCController/Shutdown');
    expect(serviceDefinition('plugin.GRPCStdio').StreamStdio.responseStream).toBe(true);
    expect(serviceDefinition('grpc.health.v1.Health').Check.path).toBe('/grpc.health.v1.Health/Check');
  });

  it('round-trips a diagnostic with an attribute path', () => {
    const method = serviceDefinition('tfplugin6.Provider').ValidateResourceConfig;
    const message = {
      diagnostics: [
        {
          severity: 1,
          summary: 'Invalid argument',
          detail: 'max_age must be at most 87600h',
          attribute: { steps: [{ attribute_name: 'wait' }, { attribute_name: 'timeout' }] },
        },
      ],
    };
    expect(method.responseDeserialize(method.responseSerialize(message))).toEqual(message);
  });
});
