import { startEmulator, RunningEmulator } from '../../src/emulator';

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

export const SECRET_VALUES = [TEST_ENV.TENCENTCLOUD_SECRET_KEY, TEST_ENV.HW_SECRET_KEY];

/** An emulator on 127.0.0.1 that accepts the test credentials. */
export function testEmulator(): Promise<RunningEmulator> {
  return startEmulator({
    credentials: {
      tencent: [{ secretId: TEST_ENV.TENCENTCLOUD_SECRET_ID, secretKey: TEST_ENV.TENCENTCLOUD_SECRET_KEY }],
      huawei: [{ accessKey: TEST_ENV.HW_ACCESS_KEY, secretKey: TEST_ENV.HW_SECRET_KEY }],
    },
  });
}

/** The environment a child process gets: PATH and friends, the test credentials, no inherited cloud keys. */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(TENCENTCLOUD_|HW_|HUAWEICLOUD_|TASKGATE_|NO_COLOR)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...TEST_ENV, ...extra };
}

/** Fails when any secret value appears in the text. */
export function expectNoSecrets(...texts: string[]): void {
  for (const text of texts) for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
}
