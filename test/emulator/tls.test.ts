import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { createEmulatorTls } from '../../src/emulator/tls';

describe("the emulator's throwaway certificates", () => {
  it('are valid DER whatever their random serials: 600 in a row load into a TLS context', () => {
    // A serial whose first random byte is 0x00 needs its shortest form; about one start in 128 hit
    // "illegal padding" before, so 600 starts would almost surely meet it.
    for (let i = 0; i < 600; i++) {
      const tls = createEmulatorTls();
      try {
        expect(() => createSecureContext({ key: tls.key, cert: tls.cert })).not.toThrow();
        expect(new X509Certificate(tls.caPem).ca).toBe(true);
      } finally {
        tls.remove();
      }
    }
  });
});
