import { CredentialProvider } from '../apis/types';
import { CredentialCache, CredentialPlan, planCredentials } from '../credentials';
import { CLOUDS, describeApi, isApiName } from '../core/model';
import { Labeler } from '../core/options';
import { QueryValues, RawOptions, validateQuery } from '../validation';

/** A validated task-list invocation: everything needed before the first request is sent. */
export interface TaskQuery extends QueryValues {
  readonly endpoint: URL;
  /** The credential chain the environment selects; temporary credentials are fetched at the first request. */
  readonly credentials: CredentialProvider;
  /** Names options in messages as the user gave them (flag, variable or query key). */
  readonly label: Labeler;
}

/** The environment with what a selected CLI profile supplies: the provider's precedence for each cloud. */
function withProfile(
  env: NodeJS.ProcessEnv,
  api: string | undefined,
  plan?: CredentialPlan,
): NodeJS.ProcessEnv {
  if (!plan || !api || !isApiName(api)) return env;
  const cloud = CLOUDS[describeApi(api).cloud];
  if (describeApi(api).cloud === 'tencent') {
    // tccli's region only where none is given (provider.go: `if region == "" { region = profile region }`).
    return plan.region && !env[cloud.regionVariable]?.trim()
      ? { ...env, [cloud.regionVariable]: plan.region }
      : env;
  }
  // hcloud's region and project replace the variables (provider.go readConfig, then "if conf.TenantID == \"\"").
  return {
    ...env,
    ...(plan.region ? { [cloud.regionVariable]: plan.region } : {}),
    ...(plan.projectId ? { HW_PROJECT_ID: plan.projectId } : {}),
  };
}

/**
 * Validates raw options into a TaskQuery: every check that needs no network happens here, so bad
 * input is exit 2 before any connection is opened.
 */
export function resolveQuery(
  raw: RawOptions,
  env: NodeJS.ProcessEnv,
  label: Labeler,
  options: { credentialCache?: CredentialCache } = {},
): TaskQuery {
  const api = typeof raw.api === 'string' ? raw.api : undefined;
  let plan: CredentialPlan | undefined;
  let planError: unknown;
  if (api && isApiName(api)) {
    try {
      plan = planCredentials(describeApi(api).cloud, env);
    } catch (error) {
      planError = error;
    }
  }
  const values = validateQuery(raw, label, { env: withProfile(env, api, plan) });
  // Last, so that every other mistake is reported even on a machine without credentials.
  if (!plan) throw planError ?? new Error('no credential chain for a query that passed validation');
  const endpointGiven = raw.endpoint !== undefined || Boolean(env.TASKGATE_ENDPOINT?.trim());
  const where = {
    // With the endpoint option, STS and IAM are called at that base URL too (CONTRACT section 2).
    endpoint: endpointGiven ? values.endpoint : undefined,
    region: values.region,
    fetch: { requestTimeoutMs: values.requestTimeoutMs },
  };
  const chosen = plan;
  const build = () => chosen.build(where);
  return {
    ...values,
    endpoint: values.endpoint as URL,
    // A long-lived caller (the provider) shares one chain among the reads that need the same one.
    credentials: options.credentialCache?.chain(values.descriptor.cloud, env, where, build) ?? build(),
    label,
  };
}
