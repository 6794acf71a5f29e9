import * as grpc from '@grpc/grpc-js';
import { X509Certificate } from 'node:crypto';
import { createPluginCertificate } from '../../src/provider/plugin/certificate';
import { silentLogger } from '../../src/provider/plugin/log';
import { RunningPluginServer, startPluginServer } from '../../src/provider/plugin/plugin-server';
import { serviceDefinition } from '../../src/provider/plugin/protocol/messages';
import { TaskgateProvider } from '../../src/provider/provider';

/** What Terraform (go-plugin's client) holds: its own certificate, passed in PLUGIN_CLIENT_CERT. */
const terraformCertificate = createPluginCertificate();

function pemOf(base64Der: string): string {
  const der = Buffer.from(base64Der, 'base64');
  return new X509Certificate(der).toString();
}

function client(service: string, server: RunningPluginServer, certificate = terraformCertificate) {
  const Client = grpc.makeGenericClientConstructor(serviceDefinition(service), service);
  const serverCertificate = pemOf(server.handshake.split('|')[5]);
  const credentials = grpc.credentials.createSsl(
    Buffer.from(serverCertificate),
    Buffer.from(certificate.privateKeyPem),
    Buffer.from(certificate.certificatePem),
  );
  // go-plugin's client verifies the server as "localhost", whatever address it dials.
  return new Client(`127.0.0.1:${server.port}`, credentials, {
    'grpc.ssl_target_name_override': 'localhost',
  }) as any;
}

function call(target: any, method: string, request: object): Promise<any> {
  return new Promise((resolve, reject) =>
    target[method](request, { deadline: Date.now() + 10_000 }, (error: Error | null, response: unknown) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

describe('the plugin certificate (go-plugin AutoMTLS)', () => {
  it('is a fresh self-signed CA for localhost, as go-plugin makes its own', () => {
    const first = createPluginCertificate();
    const certificate = new X509Certificate(first.der);
    expect(certificate.subject).toBe('O=HashiCorp\nCN=localhost');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.subjectAltName).toBe('DNS:localhost');
    expect(certificate.ca).toBe(true);
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(new Date(certificate.validFrom).getTime()).toBeLessThanOrEqual(Date.now());
    expect(createPluginCertificate().der.equals(first.der)).toBe(false);
  });
});

describe('the plugin server', () => {
  let server: RunningPluginServer;
  let shutdowns = 0;
  beforeAll(async () => {
    server = await startPluginServer({
      provider: new TaskgateProvider({ env: {}, log: silentLogger, version: '0.1.0' }),
      log: silentLogger,
      clientCertificate: terraformCertificate.certificatePem,
      onShutdown: () => shutdowns++,
    });
  });
  afterAll(() => server.close());

  it("prints go-plugin's handshake line: core 1, protocol 6, tcp on loopback, grpc, its certificate", () => {
    expect(server.handshake).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/);
    expect(server.handshake.endsWith('=')).toBe(false);
    expect(new X509Certificate(Buffer.from(server.handshake.split('|')[5], 'base64')).subject).toContain(
      'CN=localhost',
    );
  });

  it('answers the health check for "plugin" and the provider over mutual TLS', async () => {
    const health = client('grpc.health.v1.Health', server);
    expect(await call(health, 'Check', { service: 'plugin' })).toEqual({ status: 1 });
    health.close();
    const provider = client('tfplugin6.Provider', server);
    const schema = await call(provider, 'GetProviderSchema', {});
    expect(Object.keys(schema.resource_schemas)).toEqual(['taskgate_gate']);
    provider.close();
  });

  it('refuses a client without the certificate Terraform passed', async () => {
    const stranger = client('grpc.health.v1.Health', server, createPluginCertificate());
    await expect(call(stranger, 'Check', { service: 'plugin' })).rejects.toThrow();
    stranger.close();
  });

  it("calls back on the controller's Shutdown after answering it", async () => {
    const controller = client('plugin.GRPCController', server);
    expect(await call(controller, 'Shutdown', {})).toEqual({});
    await new Promise((resolve) => setImmediate(resolve));
    expect(shutdowns).toBe(1);
    controller.close();
  });
});
