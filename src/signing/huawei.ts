import { canonicalHeaders, encodeRfc3986, hmac, sha256Hex } from './hash';

/** Inputs of a Huawei Cloud APIG signature (SDK-HMAC-SHA256). */
export interface HuaweiInput {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly method: string;
  /** The path as sent, without query. */
  readonly path: string;
  /** Query parameters, unencoded; a parameter sent more than once holds each of its values. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** The headers to sign: must include `host` (as sent, port included) and `x-sdk-date`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface HuaweiSignature {
  readonly canonicalRequest: string;
  readonly hashedCanonicalRequest: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly authorization: string;
}

/** `20191115T033655Z`: the X-Sdk-Date form of a time. */
export function huaweiSdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Reads an X-Sdk-Date value; undefined when it is not one. */
export function parseHuaweiSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The canonical URI: each segment percent-encoded, and always ending with '/' (for signing only). */
function canonicalUri(path: string): string {
  const encoded = path
    .split('/')
    .map((segment) => encodeRfc3986(decodeURIComponentSafe(segment)))
    .join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

function decodeURIComponentSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** SDK-HMAC-SHA256, per Huawei Cloud's API signing guide. */
export function signHuawei(input: HuaweiInput): HuaweiSignature {
  const lowered = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const date = lowered['x-sdk-date'];
  if (!date) throw new Error('the x-sdk-date header is required to sign a Huawei Cloud request');
  const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  // The SDK signers sort by name, then each name's values (huaweicloud-sdk-go-v3 core/auth/signer).
  const query = Object.keys(input.query)
    .sort(byCodeUnit)
    .flatMap((name) =>
      [input.query[name]]
        .flat()
        .sort(byCodeUnit)
        .map((value) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`),
    )
    .join('&');
  const headers = canonicalHeaders(input.headers, false);
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    query,
    headers.canonical,
    headers.signed,
    sha256Hex(input.body),
  ].join('\n');
  const hashedCanonicalRequest = sha256Hex(canonicalRequest);
  const stringToSign = `SDK-HMAC-SHA256\n${date}\n${hashedCanonicalRequest}`;
  const signature = hmac('sha256', input.secretKey, stringToSign).toString('hex');
  return {
    canonicalRequest,
    hashedCanonicalRequest,
    signedHeaders: headers.signed,
    signature,
    authorization: `SDK-HMAC-SHA256 Access=${input.accessKey}, SignedHeaders=${headers.signed}, Signature=${signature}`,
  };
}

/** The parts of a Huawei Authorization header; undefined when it is not one. */
export function parseHuaweiAuthorization(
  header: string,
): { accessKey: string; signedHeaders: string[]; signature: string } | undefined {
  const m =
    /^SDK-HMAC-SHA256 Access=([^,\s]+), ?SignedHeaders=([a-z0-9;_-]+), ?Signature=([0-9a-f]{64})$/.exec(
      header.trim(),
    );
  if (!m) return undefined;
  return { accessKey: m[1], signedHeaders: m[2].split(';'), signature: m[3] };
}
