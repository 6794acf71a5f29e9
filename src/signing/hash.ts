import { createHash, createHmac } from 'node:crypto';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmac(algorithm: 'sha1' | 'sha256', key: string | Buffer, data: string): Buffer {
  return createHmac(algorithm, key).update(data, 'utf8').digest();
}

/** RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - _ . ~ (UTF-8 for non-ASCII). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Canonical headers as both Tencent TC3 and Huawei build them: lower-case names, trimmed values, sorted. */
export function canonicalHeaders(
  headers: Readonly<Record<string, string>>,
  lowerCaseValues: boolean,
): { canonical: string; signed: string } {
  const entries = Object.entries(headers)
    .map(([name, value]) => {
      const trimmed = value.trim();
      return [name.toLowerCase(), lowerCaseValues ? trimmed.toLowerCase() : trimmed] as const;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    canonical: entries.map(([name, value]) => `${name}:${value}\n`).join(''),
    signed: entries.map(([name]) => name).join(';'),
  };
}
