import { credentialsFromEnv } from '../apis/credentials';
import { Credentials } from '../apis/types';
import { Labeler } from '../options';
import { QueryValues, RawOptions, validateQuery } from '../validation';

/** A validated task-list invocation: everything needed before the first request is sent. */
export interface TaskQuery extends QueryValues {
  readonly endpoint: URL;
  readonly credentials: Credentials;
  /** Names options in messages as the user gave them (flag, variable or query key). */
  readonly label: Labeler;
}

/**
 * Validates raw options into a TaskQuery: every check that needs no network happens here, so bad
 * input is exit 2 before any connection is opened.
 */
export function resolveQuery(raw: RawOptions, env: NodeJS.ProcessEnv, label: Labeler): TaskQuery {
  const values = validateQuery(raw, label, { env });
  return {
    ...values,
    endpoint: values.endpoint as URL,
    // Last, so that every other mistake is reported even on a machine without credentials.
    credentials: credentialsFromEnv(values.descriptor.cloud, env),
    label,
  };
}
