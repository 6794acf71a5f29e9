import { VERSION } from './backend';
import { createLogger } from './plugin/log';
import {
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  RunningPluginServer,
  startPluginServer,
} from './plugin/plugin-server';
import { TaskgateProvider } from './provider';

/**
 * `terraform-provider-taskgate`: started by Terraform, never by hand. Serves the provider over gRPC,
 * prints go-plugin's handshake line on stdout and logs hclog JSON on stderr. Ctrl-C reaches the
 * provider as StopProvider (SIGINT itself is ignored, as go-plugin plugins do); the controller's
 * Shutdown and SIGTERM end the process.
 */
function main(): void {
  // Certificates are always verified (the transport says so explicitly); this only silences Node's warning.
  delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write(
      'terraform-provider-taskgate is a Terraform plugin: Terraform starts it; install it with "taskgate provider install" and run terraform.\n',
    );
    process.exit(1);
  }
  const log = createLogger((line) => process.stderr.write(line));
  const provider = new TaskgateProvider({ env: process.env, log, version: VERSION });
  let server: RunningPluginServer | undefined;
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    log.debug(`stopping: ${why}`);
    provider.cancel();
    const exit = () => process.exit(0);
    // Whatever is still in flight, the process is gone within a second.
    setTimeout(exit, 1000).unref();
    (server ? server.close() : Promise.resolve()).then(exit, exit);
  };
  process.on('SIGINT', () => log.trace('interrupt received: ignored, Terraform sends StopProvider'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('unhandledRejection', (error) => log.error(`unexpected error: ${String(error).split('\n')[0]}`));

  const offered = (process.env.PLUGIN_PROTOCOL_VERSIONS ?? '').split(',').filter(Boolean);
  if (offered.length > 0 && !offered.includes('6')) {
    log.error(
      `Terraform offers plugin protocol ${offered.join(', ')}; this provider speaks 6 (Terraform 1.0 or later)`,
    );
  }
  startPluginServer({
    provider,
    log,
    clientCertificate: process.env.PLUGIN_CLIENT_CERT || undefined,
    onShutdown: () => stop('Terraform asked the plugin to shut down'),
  }).then(
    (running) => {
      server = running;
      process.stdout.write(`${running.handshake}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`terraform-provider-taskgate: could not start: ${String(error).split('\n')[0]}\n`);
      process.exit(1);
    },
  );
}

main();
