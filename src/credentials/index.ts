import { CredentialProvider } from '../apis/types';
import { Cloud } from '../model';
import { FetchOptions, metadataBase } from './http';
import { planHuawei } from './huawei';
import { planTencent } from './tencent';

/**
 * The credential chains of both clouds, as their official Terraform providers take them (see
 * tencent.ts and huawei.ts for the order and the sources it follows). Selecting reads only the
 * environment and the CLI credential files; STS and metadata calls wait for the first request.
 */
export interface CredentialPlan {
  /** A region from the selected profile, used where the query gives none. */
  readonly region?: string;
  /** Huawei: a project id from the selected profile (it wins over HW_PROJECT_ID, as in the provider). */
  readonly projectId?: string;
  build(where: { endpoint?: URL; region?: string; fetch?: FetchOptions }): CredentialProvider;
}

export function planCredentials(cloud: Cloud, env: NodeJS.ProcessEnv): CredentialPlan {
  const plan = cloud === 'tencent' ? planTencent(env) : planHuawei(env);
  return {
    region: plan.region,
    projectId: 'projectId' in plan ? (plan.projectId as string | undefined) : undefined,
    build: (where) =>
      plan.build({
        endpoint: where.endpoint,
        region: where.region,
        // Checked here, so that a bad override is refused even before a metadata source is used.
        metadata: metadataBase(cloud, env),
        fetch: where.fetch ?? {},
      }),
  };
}

/** Static keys as a provider (for callers that hold them already, such as tests and benchmarks). */
export { RefreshingCredentials, REFRESH_AHEAD_MS, refreshTime } from './refresh';
export type { CredentialSource, Issued } from './refresh';
