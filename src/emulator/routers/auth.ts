import { timingSafeEqual } from 'node:crypto';
import { parseHuaweiAuthorization, parseHuaweiSdkDate, signHuawei } from '../../signing/huawei';
import { parseTc3Authorization, signTc3, tc3Date } from '../../signing/tc3';
import { signV2, v2StringToSign } from '../../signing/tencent-v2';
import { NonceCache } from '../nonces';
import { EmulatorCredentials } from '../scenario/credentials';
import { ReceivedRequest } from './types';

/** Why a signature was refused, in the terms each router turns into its API's own error. */
export type Refusal =
  | { kind: 'malformed'; message: string }
  | { kind: 'unknown-key'; message: string }
  | { kind: 'expired'; message: string }
  | { kind: 'replay'; message: string }
  | { kind: 'signature'; message: string }
  | { kind: 'token'; message: string }
  /** A temporary key the emulator issued, past its expiry on the timeline clock. */
  | { kind: 'token-expired'; message: string };

const TC3_WINDOW_S = 300;
// The legacy v2 doc allows 2 hours for Timestamp; API 3.0 allows 5 minutes. The emulator holds both to 5 minutes.
const V2_WINDOW_S = 300;
const HUAWEI_WINDOW_MS = 15 * 60_000;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The Host as received, and its hostname alone: the official Tencent SDK signs the host without the port. */
function hostForms(host: string): string[] {
  const bare = host.replace(/:\d+$/, '');
  return bare === host ? [host] : [host, bare];
}

/** TC3-HMAC-SHA256 as Tencent Cloud API 3.0 checks it. */
export function verifyTc3(
  request: ReceivedRequest,
  service: string,
  credentials: EmulatorCredentials,
  nowMs: number,
  timelineNowMs = nowMs,
): Refusal | undefined {
  const parsed = parseTc3Authorization(request.headers.authorization ?? '');
  if (!parsed)
    return {
      kind: 'malformed',
      message: 'The Authorization header does not follow the TC3-HMAC-SHA256 format.',
    };
  const key = credentials.tencent?.find((entry) => entry.secretId === parsed.secretId);
  if (!key)
    return {
      kind: 'unknown-key',
      message: 'The SecretId is not found, please ensure that your SecretId is correct.',
    };
  const timestamp = Number(request.headers['x-tc-timestamp']);
  if (!Number.isInteger(timestamp))
    return { kind: 'malformed', message: 'The X-TC-Timestamp header is missing or invalid.' };
  if (Math.abs(nowMs / 1000 - timestamp) > TC3_WINDOW_S) {
    return {
      kind: 'expired',
      message: `Signature expired. Timestamp date: ${new Date(timestamp * 1000).toISOString()}, server date: ${new Date(nowMs).toISOString()}.`,
    };
  }
  if (parsed.service !== service || parsed.date !== tc3Date(timestamp)) {
    return {
      kind: 'signature',
      message: 'The provided credentials could not be validated because the credential scope is wrong.',
    };
  }
  if (!parsed.signedHeaders.includes('host') || !parsed.signedHeaders.includes('content-type')) {
    return { kind: 'signature', message: 'SignedHeaders must include content-type and host.' };
  }
  const [path, query] = [request.path, request.rawQuery];
  const matches = hostForms(request.headers.host ?? '').some((host) => {
    const headers = Object.fromEntries(
      parsed.signedHeaders.map((name) => [name, name === 'host' ? host : (request.headers[name] ?? '')]),
    );
    const expected = signTc3({
      secretId: key.secretId,
      secretKey: key.secretKey,
      service,
      method: request.method,
      path,
      query,
      headers,
      timestamp,
      payload: request.body,
    });
    return same(expected.signature, parsed.signature);
  });
  if (!matches) {
    return {
      kind: 'signature',
      message: 'The provided credentials could not be validated. Please check your signature is correct.',
    };
  }
  if (key.token && request.headers['x-tc-token'] !== key.token) {
    return { kind: 'token', message: 'The provided token is invalid.' };
  }
  return expired(key, timelineNowMs);
}

/** Issued keys expire on the timeline clock, so tests move past an expiry without waiting for it. */
function expired(key: { expiresAt?: number }, timelineNowMs: number): Refusal | undefined {
  return key.expiresAt !== undefined && timelineNowMs >= key.expiresAt
    ? { kind: 'token-expired', message: 'The token has expired.' }
    : undefined;
}

/** The Tencent API 2.0 HmacSHA256/HmacSHA1 signature, with its replay and timestamp checks. */
export function verifyV2(
  request: ReceivedRequest,
  params: Readonly<Record<string, string>>,
  credentials: EmulatorCredentials,
  nonces: NonceCache,
  nowMs: number,
  timelineNowMs = nowMs,
): Refusal | undefined {
  for (const name of ['Action', 'Region', 'Timestamp', 'Nonce', 'SecretId', 'Signature']) {
    if (!params[name]) return { kind: 'malformed', message: `missing common parameter ${name}` };
  }
  const method = params.SignatureMethod ?? 'HmacSHA1';
  if (method !== 'HmacSHA1' && method !== 'HmacSHA256') {
    return { kind: 'malformed', message: `unsupported SignatureMethod ${method}` };
  }
  const key = credentials.tencent?.find((entry) => entry.secretId === params.SecretId);
  if (!key) return { kind: 'unknown-key', message: 'secretId does not exist' };
  // API 2.0's common parameters: Timestamp and Nonce are positive integers, written in decimal.
  for (const name of ['Timestamp', 'Nonce']) {
    if (!/^\d{1,20}$/.test(params[name]) || /^0+$/.test(params[name]))
      return { kind: 'malformed', message: `${name} must be a positive decimal integer` };
  }
  const timestamp = Number(params.Timestamp);
  if (Math.abs(nowMs / 1000 - timestamp) > V2_WINDOW_S) {
    return { kind: 'expired', message: 'request expired: Timestamp is too far from server time' };
  }
  const { Signature: signature, ...signed } = params;
  const matches = hostForms(request.headers.host ?? '').some((host) =>
    same(signV2(key.secretKey, v2StringToSign('GET', host, request.path, signed), method), signature),
  );
  if (!matches) return { kind: 'signature', message: 'signature verification failed' };
  // Kept for twice the window, so a nonce stays refused as long as its timestamp could pass.
  // The service reads Nonce as a number: 07 after 7 is the same nonce again.
  const nonce = params.Nonce.replace(/^0+/, '');
  if (!nonces.remember(params.SecretId, nonce, nowMs, 2 * V2_WINDOW_S * 1000)) {
    return { kind: 'replay', message: 'the Nonce was already used: replay refused' };
  }
  if (key.token && params.Token !== key.token) return { kind: 'token', message: 'token is invalid' };
  return expired(key, timelineNowMs);
}

/** The query's parameters with every value each was sent with, as the gateway signs them. */
function everyValue(rawQuery: string): Record<string, string[]> {
  const params: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) (params[name] ??= []).push(value);
  return params;
}

/** SDK-HMAC-SHA256 as Huawei Cloud's API gateway checks it. */
export function verifyHuawei(
  request: ReceivedRequest,
  credentials: EmulatorCredentials,
  nowMs: number,
  timelineNowMs = nowMs,
): Refusal | undefined {
  const parsed = parseHuaweiAuthorization(request.headers.authorization ?? '');
  if (!parsed)
    return {
      kind: 'malformed',
      message: 'Incorrect IAM authentication information: Authorization format incorrect',
    };
  const date = parseHuaweiSdkDate(request.headers['x-sdk-date'] ?? '');
  if (!date || Math.abs(nowMs - date.getTime()) > HUAWEI_WINDOW_MS) {
    return {
      kind: 'expired',
      message: 'Incorrect IAM authentication information: verify aksk signature fail, x-sdk-date expired',
    };
  }
  const key = credentials.huawei?.find((entry) => entry.accessKey === parsed.accessKey);
  if (!key) return { kind: 'unknown-key', message: 'Incorrect IAM authentication information: ak not found' };
  if (!parsed.signedHeaders.includes('host') || !parsed.signedHeaders.includes('x-sdk-date')) {
    return {
      kind: 'signature',
      message: 'Incorrect IAM authentication information: host and x-sdk-date must be signed',
    };
  }
  const headers = Object.fromEntries(parsed.signedHeaders.map((name) => [name, request.headers[name] ?? '']));
  const expected = signHuawei({
    accessKey: key.accessKey,
    secretKey: key.secretKey,
    method: request.method,
    path: request.path,
    query: everyValue(request.rawQuery),
    headers,
    body: request.body,
  });
  if (!same(expected.signature, parsed.signature)) {
    return {
      kind: 'signature',
      message: 'Incorrect IAM authentication information: verify aksk signature fail',
    };
  }
  if (key.securityToken && request.headers['x-security-token'] !== key.securityToken) {
    return { kind: 'token', message: 'Incorrect IAM authentication information: verify security token fail' };
  }
  const late = expired(key, timelineNowMs);
  return (
    late && { ...late, message: 'Incorrect IAM authentication information: the security token has expired' }
  );
}
