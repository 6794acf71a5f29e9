import { KeyObject, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The emulator's throwaway certificate authority for `--tls`: a CA made at start, a server
 * certificate for 127.0.0.1, localhost and ::1 signed by it, and the CA's PEM in a fresh private
 * directory for the clients' NODE_EXTRA_CA_CERTS, removed when the emulator stops. The DER is
 * written here by hand: the fake cloud shares no code with the clients, and the CLI bundle, which
 * starts once per Terraform read, carries no ASN.1 library for it.
 */

export interface EmulatorTls {
  /** The server's private key and certificate chain (server, then CA), PEM, for node:https. */
  readonly key: string;
  readonly cert: string;
  /** The CA's certificate, PEM: what a client trusts. */
  readonly caPem: string;
  /** The file holding `caPem`, inside a directory of its own (0700). */
  readonly caPath: string;
  /** Removes the CA's directory; safe to call twice. */
  remove(): void;
}

/** A certificate lives as long as any session could; the authority is gone when the emulator stops. */
const LIFETIME_MS = 366 * 24 * 3_600_000;
/** Clocks of clients a little behind ours still accept the certificate. */
const BACKDATE_MS = 60 * 60_000;

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

// DER (ITU-T X.690): a tag, a length, the content.
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80
      ? Buffer.from([n])
      : Buffer.concat([Buffer.from([0x80 | byteLength(n)]), unsigned(n, byteLength(n))]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const byteLength = (n: number) => Math.max(1, Math.ceil(Math.log2(n + 1) / 8));
function unsigned(n: number, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = bytes - 1, rest = n; i >= 0; i--, rest = Math.floor(rest / 256)) out[i] = rest % 256;
  return out;
}
const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
const octets = (content: Buffer) => tlv(0x04, content);
const bits = (content: Buffer, unusedBits = 0) =>
  tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const explicit = (tag: number, content: Buffer) => tlv(0xa0 | tag, content);
const implicit = (tag: number, content: Buffer) => tlv(0x80 | tag, content);

/** A non-negative INTEGER: a leading zero octet keeps a high first bit from reading as negative. */
function integer(content: Buffer): Buffer {
  // DER wants the shortest form: no leading zero byte unless the next one's high bit needs it (a random
  // serial starting with 0x00 is otherwise refused as "illegal padding").
  let start = 0;
  while (start < content.length - 1 && content[start] === 0 && !(content[start + 1] & 0x80)) start++;
  const minimal = content.subarray(start);
  return tlv(0x02, minimal[0] & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const octetsOf = (value: number) => {
    const out = [value & 0x7f];
    for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) out.unshift(0x80 | (v & 0x7f));
    return out;
  };
  return tlv(0x06, Buffer.from([first * 40 + second, ...rest.flatMap(octetsOf)]));
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
function time(at: Date): Buffer {
  const iso = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return at.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

const name = (commonName: string) =>
  sequence(
    set(sequence(oid(OID.organization), utf8('taskgate emulator'))),
    set(sequence(oid(OID.commonName), utf8(commonName))),
  );
const extension = (id: string, critical: boolean, value: Buffer) =>
  sequence(oid(id), ...(critical ? [boolean(true)] : []), octets(value));
const ipv4 = (text: string) => Buffer.from(text.split('.').map(Number));
const IPV6_LOOPBACK = Buffer.from([...new Array<number>(15).fill(0), 1]);

interface Issued {
  readonly der: Buffer;
  readonly keyId: Buffer;
}

function certificate(options: {
  readonly subject: string;
  readonly publicKey: KeyObject;
  readonly issuer: { readonly name: string; readonly key: KeyObject; readonly keyId?: Buffer };
  readonly extensions: readonly Buffer[];
  readonly now: Date;
}): Issued {
  const spki = options.publicKey.export({ type: 'spki', format: 'der' });
  // RFC 5280 4.2.1.2 allows any unique id; a hash of the whole key info is one.
  const keyId = createHash('sha1').update(spki).digest();
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const identifiers = [
    extension(OID.subjectKeyIdentifier, false, octets(keyId)),
    ...(options.issuer.keyId
      ? [extension(OID.authorityKeyIdentifier, false, sequence(implicit(0, options.issuer.keyId)))]
      : []),
  ];
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    name(options.issuer.name),
    sequence(
      time(new Date(options.now.getTime() - BACKDATE_MS)),
      time(new Date(options.now.getTime() + LIFETIME_MS)),
    ),
    name(options.subject),
    spki,
    explicit(3, sequence(...options.extensions, ...identifiers)),
  );
  // node:crypto signs ECDSA in DER (r, s), the form X.509 carries.
  const signature = sign('sha256', tbs, options.issuer.key);
  return { der: sequence(tbs, algorithm, bits(signature)), keyId };
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** A fresh CA and a server certificate for 127.0.0.1, localhost and ::1 signed by it; nothing written. */
function createCertificates(now = new Date()): { key: string; cert: string; caPem: string } {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = `taskgate emulator CA ${randomBytes(4).toString('hex')}`;
  const authority = certificate({
    subject: caName,
    publicKey: ca.publicKey,
    issuer: { name: caName, key: ca.privateKey },
    extensions: [
      // pathLenConstraint 0: the authority signs servers only.
      extension(OID.basicConstraints, true, sequence(boolean(true), integer(Buffer.from([0])))),
      // digitalSignature, keyCertSign, cRLSign.
      extension(OID.keyUsage, true, bits(Buffer.from([0x86]), 1)),
    ],
    now,
  });
  const server = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leaf = certificate({
    subject: 'localhost',
    publicKey: server.publicKey,
    issuer: { name: caName, key: ca.privateKey, keyId: authority.keyId },
    extensions: [
      extension(OID.basicConstraints, true, sequence()),
      // digitalSignature: ECDHE key exchange signs with it.
      extension(OID.keyUsage, true, bits(Buffer.from([0x80]), 7)),
      extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
      extension(
        OID.subjectAltName,
        false,
        sequence(
          implicit(2, Buffer.from('localhost', 'ascii')),
          implicit(7, ipv4('127.0.0.1')),
          implicit(7, IPV6_LOOPBACK),
        ),
      ),
    ],
    now,
  });
  const caPem = pem('CERTIFICATE', authority.der);
  return {
    key: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: pem('CERTIFICATE', leaf.der) + caPem,
    caPem,
  };
}

/** Makes the authority and writes its PEM to a fresh directory only this user can enter. */
export function createEmulatorTls(): EmulatorTls {
  const { key, cert, caPem } = createCertificates();
  // mkdtemp makes the directory 0700.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-emulator-ca-'));
  const caPath = path.join(dir, 'ca.pem');
  try {
    fs.writeFileSync(caPath, caPem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { key, cert, caPem, caPath, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
