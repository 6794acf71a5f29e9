import { TaskStatus } from '../core/model';

/**
 * The vendor codes to send for a normalized status filter, or undefined when some asked status has no
 * code (the filter then runs client side only, so that nothing asked for is dropped by the server).
 */
export function serverCodes<C>(
  statuses: readonly TaskStatus[] | undefined,
  table: Partial<Record<TaskStatus, readonly C[]>>,
): C[] | undefined {
  if (!statuses || statuses.length === 0) return undefined;
  const codes: C[] = [];
  for (const status of statuses) {
    const mapped = table[status];
    if (!mapped) return undefined;
    codes.push(...mapped.filter((code) => !codes.includes(code)));
  }
  return codes;
}

/** Reverse lookup of a status table: the normalized status of a vendor code, `unknown` when unlisted. */
export function statusOf<C>(code: C, table: Partial<Record<TaskStatus, readonly C[]>>): TaskStatus {
  for (const [status, codes] of Object.entries(table) as [TaskStatus, readonly C[]][]) {
    if (codes.includes(code)) return status;
  }
  return 'unknown';
}
