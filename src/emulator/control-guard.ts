import { IncomingHttpHeaders } from 'node:http';
import { quoted } from '../core/text';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

const quote = (value: string) => quoted(value, 100);

/**
 * Why a control request must be refused (403), or undefined. A web page the user visits can reach
 * 127.0.0.1 too: through a DNS name rebound to it (a foreign Host) or a cross-origin form or fetch
 * (an Origin that is not the emulator's); neither may touch the control interface.
 */
export function controlRefusal(
  method: string,
  headers: IncomingHttpHeaders,
  port: number,
): string | undefined {
  const host = headers.host?.toLowerCase();
  const hosts = LOOPBACK_NAMES.flatMap((name) => [`${name}:${port}`, name]);
  if (host === undefined || !hosts.includes(host)) {
    return `the Host header ${host === undefined ? 'is missing' : `${quote(host)} is not this emulator`}: the control interface answers only Host 127.0.0.1:${port}, localhost:${port} or [::1]:${port} (DNS rebinding protection)`;
  }
  if (method === 'GET' || method === 'HEAD') return undefined;
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  const origins = LOOPBACK_NAMES.map((name) => `http://${name}:${port}`);
  if (!origins.includes(origin.toLowerCase())) {
    return `cross-origin write refused: Origin ${quote(origin)} is not http://127.0.0.1:${port}, http://localhost:${port} or http://[::1]:${port}`;
  }
  const type = headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (type !== undefined && type !== 'application/json') {
    return `a write with an Origin header must send content-type: application/json, not ${quote(type)}`;
  }
  return undefined;
}
