import { hmac } from './hash';

export type V2SignatureMethod = 'HmacSHA256' | 'HmacSHA1';

/**
 * The Tencent Cloud API 2.0 string to sign: method, host, path, then the parameters sorted by
 * name in ASCII order, joined as `k=v` with `&`, values NOT url-encoded (API 2.0 signature document).
 */
export function v2StringToSign(
  method: string,
  host: string,
  path: string,
  params: Readonly<Record<string, string>>,
): string {
  const query = Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  return `${method.toUpperCase()}${host}${path}?${query}`;
}

/** Base64 HMAC of the string to sign (HmacSHA256, or the legacy default HmacSHA1). */
export function signV2(secretKey: string, stringToSign: string, method: V2SignatureMethod): string {
  return hmac(method === 'HmacSHA1' ? 'sha1' : 'sha256', secretKey, stringToSign).toString('base64');
}
