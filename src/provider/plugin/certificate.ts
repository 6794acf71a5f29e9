import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_kp_clientAuth,
  id_kp_serverAuth,
} from '@peculiar/asn1-x509';
import { KeyObject, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/**
 * The plugin's side of go-plugin's automatic mutual TLS: a fresh self-signed certificate for
 * `localhost`, made the way go-plugin makes its own (an ECDSA key; CN and DNS name localhost,
 * organization HashiCorp; server and client auth; a CA that may sign certificates, so that the host
 * can trust it as its own root). Terraform learns it from the handshake line and trusts nothing else.
 */

const HOST = 'localhost';
const ID_COMMON_NAME = '2.5.4.3';
const ID_ORGANIZATION = '2.5.4.10';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
/** go-plugin's certificates last 30 years; nothing relies on that, the process lives minutes. */
const LIFETIME_MS = 262_980 * 3_600_000;

export interface PluginCertificate {
  /** The certificate, DER: the handshake sends it base64 without padding. */
  readonly der: Buffer;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

function name(): Name {
  const attribute = (type: string, value: string) =>
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) }),
    ]);
  return new Name([attribute(ID_ORGANIZATION, 'HashiCorp'), attribute(ID_COMMON_NAME, HOST)]);
}

function extension(id: string, value: object, critical = false): Extension {
  return new Extension({ extnID: id, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function createPluginCertificate(now = new Date()): PluginCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithm = new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  // A positive serial number in 16 octets, minimally encoded (the first octet neither 0 nor above 0x7f).
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x3f) | 0x40;
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer.slice(serial.byteOffset, serial.byteOffset + serial.length),
    signature: algorithm,
    issuer: name(),
    subject: name(),
    validity: new Validity({
      notBefore: new Date(now.getTime() - 30_000),
      notAfter: new Date(now.getTime() + LIFETIME_MS),
    }),
    subjectPublicKeyInfo: AsnConvert.parse(spki(publicKey), SubjectPublicKeyInfo),
    extensions: new Extensions([
      extension(
        id_ce_keyUsage,
        new KeyUsage(
          KeyUsageFlags.digitalSignature |
            KeyUsageFlags.keyEncipherment |
            KeyUsageFlags.keyAgreement |
            KeyUsageFlags.keyCertSign,
        ),
        true,
      ),
      extension(id_ce_extKeyUsage, new ExtendedKeyUsage([id_kp_clientAuth, id_kp_serverAuth])),
      extension(id_ce_basicConstraints, new BasicConstraints({ cA: true }), true),
      extension(id_ce_subjectAltName, new SubjectAlternativeName([new GeneralName({ dNSName: HOST })])),
    ]),
  });
  const signed = Buffer.from(AsnConvert.serialize(tbsCertificate));
  // node:crypto signs ECDSA in DER (r, s), the form X.509 carries.
  const signature = sign('sha256', signed, privateKey);
  const certificate = new Certificate({
    tbsCertificate,
    signatureAlgorithm: algorithm,
    signatureValue: signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.length),
  });
  const der = Buffer.from(AsnConvert.serialize(certificate));
  return {
    der,
    certificatePem: pem('CERTIFICATE', der),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function spki(key: KeyObject): ArrayBuffer {
  const der = key.export({ type: 'spki', format: 'der' });
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.length) as ArrayBuffer;
}

/** The handshake's form of the certificate: base64 of the DER, without padding (Go's RawStdEncoding). */
export function handshakeCertificate(der: Buffer): string {
  return der.toString('base64').replace(/=+$/, '');
}
