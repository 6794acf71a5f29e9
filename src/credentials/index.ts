import { CredentialProvider } from '../apis/types';
import { Cloud } from '../core/model';
import { ChainPlan } from './chain';
import { FetchOptions, metadataBase } from './http';
import { planHuawei } from './huawei';
import { planTencent } from './tencent';

/** Each cloud's chain: an ordered list of named sources (chain.ts), in its provider's order. */
const PLANS: Record<Cloud, (env: NodeJS.ProcessEnv) => ChainPlan> = {
  tencent: planTencent,
  huawei: planHuawei,
};

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
  const plan = PLANS[cloud](env);
  return {
    region: plan.region,
    projectId: plan.projectId,
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

/** The variables a credential chain reads: its own, the metadata override, and HOME for the CLI files. */
const CREDENTIAL_VARIABLE =
  /^(TENCENTCLOUD_|HW_|HUAWEICLOUD_)|^(TASKGATE_METADATA_ENDPOINT|HOME|USERPROFILE)$/;

/**
 * The credential chains one long-lived process has built (the provider serves every data source and
 * gate of a plan): reads with the same environment, endpoint and region share one chain, so a plan of
 * fifty reads calls STS once, and all of them see its refresh. Bounded; the oldest chain goes first.
 */
export class CredentialCache {
  private readonly chains = new Map<string, CredentialProvider>();

  constructor(private readonly limit = 32) {}

  /** The chain for this cloud, environment and place, built once. */
  chain(
    cloud: Cloud,
    env: NodeJS.ProcessEnv,
    where: { endpoint?: URL; region?: string; fetch?: FetchOptions },
    build: () => CredentialProvider,
  ): CredentialProvider {
    const variables = Object.entries(env)
      .filter(([name]) => CREDENTIAL_VARIABLE.test(name))
      .sort(([a], [b]) => a.localeCompare(b));
    // Held in memory only, like the environment it is made of; never logged or written.
    const key = JSON.stringify([
      cloud,
      variables,
      where.endpoint?.href,
      where.region,
      where.fetch?.requestTimeoutMs,
    ]);
    let chain = this.chains.get(key);
    if (!chain) {
      chain = build();
      this.chains.set(key, chain);
      if (this.chains.size > this.limit) this.chains.delete(this.chains.keys().next().value as string);
    }
    return chain;
  }
}

/** Static keys as a provider (for callers that hold them already, such as tests and benchmarks). */
export { RefreshingCredentials, REFRESH_AHEAD_MS, refreshTime } from './refresh';
export type { CredentialSource, Issued } from './refresh';
export { HUAWEI_CHAIN } from './huawei';
export { TENCENT_CHAIN } from './tencent';
