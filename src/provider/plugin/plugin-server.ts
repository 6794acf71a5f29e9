import * as grpc from '@grpc/grpc-js';
import type { TaskgateProvider } from '../provider';
import { createPluginCertificate, handshakeCertificate } from './certificate';
import { diagnosticForError } from './diagnostics';
import { Logger } from './log';
import { serviceDefinition } from './protocol/messages';

/**
 * The go-plugin side of a Terraform provider: the gRPC server Terraform connects to, with the
 * services go-plugin expects beside the provider's (health, controller, stdio, broker), mutual TLS
 * when Terraform asks for it, and the handshake line that tells Terraform where to connect.
 */

/** The handshake cookie every Terraform plugin checks (go-plugin's MagicCookieKey/Value). */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
/** go-plugin's own protocol version, then Terraform's plugin protocol major version. */
const CORE_PROTOCOL_VERSION = 1;
export const PROTOCOL_VERSION = 6;
/** The service name go-plugin's health check asks about. */
const HEALTH_SERVICE = 'plugin';
const SERVING = 1;
const SERVICE_UNKNOWN = 3;

export interface PluginServerOptions {
  readonly provider: TaskgateProvider;
  readonly log: Logger;
  /** PEM of the certificate Terraform will present (PLUGIN_CLIENT_CERT); without it, plain gRPC. */
  readonly clientCertificate?: string;
  /** Called when Terraform asks the plugin to shut down. */
  readonly onShutdown: () => void;
}

export interface RunningPluginServer {
  /** The line to print on stdout: `1|6|tcp|127.0.0.1:PORT|grpc|CERT`. */
  readonly handshake: string;
  readonly port: number;
  /** Stops serving: open streams are ended, calls in flight are cut. */
  close(): Promise<void>;
}

type Handler = (request: never) => object | Promise<object>;

/** A unary handler: every failure becomes an error diagnostic in the answer, never a gRPC error. */
function unary(name: string, handler: Handler, log: Logger): grpc.handleUnaryCall<object, object> {
  return (call, callback) => {
    const started = Date.now();
    log.trace(`${name} called`);
    Promise.resolve()
      .then(() => handler(call.request as never))
      .then(
        (response) => {
          log.trace(`${name} answered`, { duration_ms: Date.now() - started });
          callback(null, response);
        },
        (error: unknown) => {
          // An error no handler caught, as the diagnostic the response carries.
          const diagnostic = diagnosticForError(error);
          log.error(`${name} failed: ${diagnostic.detail}`);
          callback(
            null,
            name === 'StopProvider' ? { Error: diagnostic.detail } : { diagnostics: [diagnostic] },
          );
        },
      );
  };
}

function providerImplementation(provider: TaskgateProvider, log: Logger): grpc.UntypedServiceImplementation {
  const handlers: Record<string, Handler> = {
    GetMetadata: () => provider.getMetadata(),
    GetProviderSchema: () => provider.getProviderSchema(),
    ValidateProviderConfig: (request) => provider.validateProviderConfig(request),
    ValidateResourceConfig: (request) => provider.validateResourceConfig(request),
    ValidateDataResourceConfig: (request) => provider.validateDataResourceConfig(request),
    UpgradeResourceState: (request) => provider.upgradeResourceState(request),
    GetResourceIdentitySchemas: () => provider.getResourceIdentitySchemas(),
    ConfigureProvider: (request) => provider.configureProvider(request),
    ReadResource: (request) => provider.readResource(request),
    PlanResourceChange: (request) => provider.planResourceChange(request),
    ApplyResourceChange: (request) => provider.applyResourceChange(request),
    ImportResourceState: (request) => provider.importResourceState(request),
    ReadDataSource: (request) => provider.readDataSource(request),
    GetFunctions: () => provider.getFunctions(),
    StopProvider: () => provider.stopProvider(),
  };
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [name, unary(name, handler, log)]),
  );
}

export async function startPluginServer(options: PluginServerOptions): Promise<RunningPluginServer> {
  const { log } = options;
  const server = new grpc.Server({
    // Plans and states of large task lists stay far below this; Terraform's own limit is 256 MiB.
    'grpc.max_receive_message_length': 256 * 1024 * 1024,
    'grpc.max_send_message_length': 256 * 1024 * 1024,
  });
  /** Streams that stay open until shutdown (stdio, broker). */
  const streams = new Set<
    grpc.ServerWritableStream<object, object> | grpc.ServerDuplexStream<object, object>
  >();

  server.addService(serviceDefinition('tfplugin6.Provider'), providerImplementation(options.provider, log));
  server.addService(serviceDefinition('grpc.health.v1.Health'), {
    Check: (
      call: grpc.ServerUnaryCall<{ service?: string }, object>,
      callback: grpc.sendUnaryData<object>,
    ) => {
      const service = call.request.service ?? '';
      callback(null, { status: service === '' || service === HEALTH_SERVICE ? SERVING : SERVICE_UNKNOWN });
    },
  });
  server.addService(serviceDefinition('plugin.GRPCController'), {
    Shutdown: (_call: grpc.ServerUnaryCall<object, object>, callback: grpc.sendUnaryData<object>) => {
      log.debug('shutdown requested');
      callback(null, {});
      // Answer first, then go: Terraform waits for the process to exit.
      setImmediate(options.onShutdown);
    },
  });
  server.addService(serviceDefinition('plugin.GRPCStdio'), {
    StreamStdio: (call: grpc.ServerWritableStream<object, object>) => {
      streams.add(call);
      call.on('cancelled', () => streams.delete(call));
    },
  });
  server.addService(serviceDefinition('plugin.GRPCBroker'), {
    StartStream: (call: grpc.ServerDuplexStream<object, object>) => {
      streams.add(call);
      call.on('data', () => undefined);
      call.on('end', () => {
        streams.delete(call);
        call.end();
      });
      call.on('cancelled', () => streams.delete(call));
    },
  });

  let credentials = grpc.ServerCredentials.createInsecure();
  let certificateField = '';
  if (options.clientCertificate) {
    const certificate = createPluginCertificate();
    credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(options.clientCertificate),
      [
        {
          private_key: Buffer.from(certificate.privateKeyPem),
          cert_chain: Buffer.from(certificate.certificatePem),
        },
      ],
      // Only the client whose certificate Terraform passed may connect.
      true,
    );
    certificateField = handshakeCertificate(certificate.der);
  }

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  log.debug('plugin address', {
    network: 'tcp',
    address: `127.0.0.1:${port}`,
    tls: Boolean(options.clientCertificate),
  });
  const handshake = [
    CORE_PROTOCOL_VERSION,
    PROTOCOL_VERSION,
    'tcp',
    `127.0.0.1:${port}`,
    'grpc',
    certificateField,
  ].join('|');

  return {
    handshake,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        streams.clear();
        server.forceShutdown();
        resolve();
      }),
  };
}
