import { canonicalHeaders, hmac, sha256Hex } from './hash';

/** Inputs of a Tencent Cloud API 3.0 (TC3-HMAC-SHA256) signature. */
export interface Tc3Input {
  readonly secretId: string;
  readonly secretKey: string;
  /** The API's service name (`redis`, `cdb`): never derived from the host. */
  readonly service: string;
  readonly method: string;
  /** The headers to sign, at least `content-type` and `host` (the Host actually sent, port included). */
  readonly headers: Readonly<Record<string, string>>;
  /** Seconds since the epoch; also gives the credential scope's UTC date. */
  readonly timestamp: number;
  readonly payload: string;
  readonly path?: string;
  readonly query?: string;
}

export interface Tc3Signature {
  readonly hashedPayload: string;
  readonly canonicalRequest: string;
  readonly hashedCanonicalRequest: string;
  readonly credentialScope: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly authorization: string;
}

/** `2019-02-25`: the UTC date of a timestamp, as the credential scope holds it. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** TC3-HMAC-SHA256, per Tencent Cloud's "Signature v3" document. */
export function signTc3(input: Tc3Input): Tc3Signature {
  const hashedPayload = sha256Hex(input.payload);
  // TC3 lower-cases header values as well as names ("content-type:application/json; charset=utf-8").
  const headers = canonicalHeaders(input.headers, true);
  const canonicalRequest = [
    input.method.toUpperCase(),
    input.path ?? '/',
    input.query ?? '',
    headers.canonical,
    headers.signed,
    hashedPayload,
  ].join('\n');
  const hashedCanonicalRequest = sha256Hex(canonicalRequest);
  const date = tc3Date(input.timestamp);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${input.timestamp}\n${credentialScope}\n${hashedCanonicalRequest}`;
  const secretDate = hmac('sha256', `TC3${input.secretKey}`, date);
  const secretService = hmac('sha256', secretDate, input.service);
  const secretSigning = hmac('sha256', secretService, 'tc3_request');
  const signature = hmac('sha256', secretSigning, stringToSign).toString('hex');
  return {
    hashedPayload,
    canonicalRequest,
    hashedCanonicalRequest,
    credentialScope,
    signedHeaders: headers.signed,
    signature,
    authorization:
      `TC3-HMAC-SHA256 Credential=${input.secretId}/${credentialScope}, ` +
      `SignedHeaders=${headers.signed}, Signature=${signature}`,
  };
}

/** The parts of a TC3 Authorization header; undefined when it is not one. */
export function parseTc3Authorization(
  header: string,
):
  | { secretId: string; date: string; service: string; signedHeaders: string[]; signature: string }
  | undefined {
  const m =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      header.trim(),
    );
  if (!m) return undefined;
  return { secretId: m[1], date: m[2], service: m[3], signedHeaders: m[4].split(';'), signature: m[5] };
}
