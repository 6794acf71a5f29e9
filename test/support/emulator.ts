import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, RunningEmulator } from '../../src/emulator';

/** Where the provider started by tests keeps its code cache: never the user's own ~/.cache. */
export const TEST_CACHE_HOME = path.join(os.tmpdir(), `taskgate-test-cache-${process.getuid?.() ?? 'user'}`);

/** Test credentials: distinctive, so that a leak into any output is easy to find. */
export const TEST_ENV = {
  TENCENTCLOUD_SECRET_ID: 'tg-test-secret-id-7781',
  TENCENTCLOUD_SECRET_KEY: 'tg-test-secret-key-SHOULD-NEVER-PRINT-5521',
  TENCENTCLOUD_REGION: 'ap-guangzhou',
  HW_ACCESS_KEY: 'tg-test-hw-ak-3391',
  HW_SECRET_KEY: 'tg-test-hw-sk-SHOULD-NEVER-PRINT-1209',
  HW_PROJECT_ID: 'proj-0a1b2c',
  HW_REGION_NAME: 'cn-north-4',
} as const;

/** OIDC tokens the tests hand to the emulator's identity providers: as secret as a key. */
export const WEB_IDENTITY_TOKEN = 'tg-test-oidc-token-SHOULD-NEVER-PRINT-8812';
export const ID_TOKEN = 'tg-test-hw-id-token-SHOULD-NEVER-PRINT-4471';

export const SECRET_VALUES = [
  TEST_ENV.TENCENTCLOUD_SECRET_KEY,
  TEST_ENV.HW_SECRET_KEY,
  WEB_IDENTITY_TOKEN,
  ID_TOKEN,
];

/**
 * The shapes of what the emulator issues (temporary key ids, secrets and tokens, all marked): none
 * may ever appear in an output, a log, a state or a stack.
 */
export const ISSUED_PATTERNS = [
  /AKIDtmp[0-9A-F]{8}/,
  /TMPAK[0-9A-F]{8}/,
  /subject-[0-9A-F]{8}/,
  /tgtmp(sk|tok)/,
];

/** The first secret value or issued credential found in the text, if any. */
export function findSecret(text: string): string | undefined {
  const value = SECRET_VALUES.find((secret) => text.includes(secret));
  if (value) return 'a test credential';
  const issued = ISSUED_PATTERNS.find((pattern) => pattern.test(text));
  return issued ? `an issued credential (${issued.source})` : undefined;
}

/**
 * An emulator on 127.0.0.1 that accepts the test credentials; with `tls`, over HTTPS from a throwaway
 * authority that a child process trusts through `trustEmulator`.
 */
export function testEmulator(options: { tls?: boolean } = {}): Promise<RunningEmulator> {
  return startEmulator({
    credentials: {
      tencent: [{ secretId: TEST_ENV.TENCENTCLOUD_SECRET_ID, secretKey: TEST_ENV.TENCENTCLOUD_SECRET_KEY }],
      huawei: [{ accessKey: TEST_ENV.HW_ACCESS_KEY, secretKey: TEST_ENV.HW_SECRET_KEY }],
    },
    tls: options.tls,
  });
}

/**
 * The variable through which a child process (the CLI, terraform and what it starts) trusts an HTTPS
 * emulator's authority: Node reads it as a process starts, so it serves child processes only.
 */
export function trustEmulator(emulator: RunningEmulator): { NODE_EXTRA_CA_CERTS: string } {
  if (!emulator.ca) throw new Error(`the emulator at ${emulator.url} serves plain http: start it with tls`);
  return { NODE_EXTRA_CA_CERTS: emulator.ca.path };
}

/**
 * Where the metadata services are looked for unless a test says otherwise: a loopback port nothing
 * listens on, so that a chain falling back to the instance's role stays on this machine.
 */
export const NO_METADATA_SERVICE = 'http://127.0.0.1:1';

/**
 * The environment a child process gets: PATH and friends, the test credentials, no inherited cloud
 * keys or TLS settings, and no tccli profile of the machine's user.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // The machine's TLS settings neither help nor hinder a test: each says what it trusts.
    if (/^(TENCENTCLOUD_|HW_|HUAWEICLOUD_|TASKGATE_|TKE_|NO_COLOR|NODE_EXTRA_CA_CERTS$|NODE_TLS_)/.test(key))
      continue;
    env[key] = value;
  }
  return {
    ...env,
    TASKGATE_METADATA_ENDPOINT: NO_METADATA_SERVICE,
    TENCENTCLOUD_SHARED_CREDENTIALS_DIR: '/nonexistent/tccli',
    XDG_CACHE_HOME: TEST_CACHE_HOME,
    ...TEST_ENV,
    ...extra,
  };
}

/** Fails when any secret value appears in the text. */
export function expectNoSecrets(...texts: string[]): void {
  for (const text of texts) expect(findSecret(text)).toBeUndefined();
}
