import { CredentialProvider, Credentials } from '../apis/types';
import { InvalidInputError } from '../core/errors';
import { FetchOptions } from './http';
import { CredentialSource, RefreshingCredentials } from './refresh';

/** Where STS, IAM and the metadata services are reached, known once the query is validated. */
export interface Endpoints {
  /** The endpoint option (every call goes there), or undefined for the vendor's public host. */
  readonly endpoint?: URL;
  readonly region?: string;
  readonly metadata: URL;
  readonly fetch: FetchOptions;
}

/** What a source takes from the environment: at least the name its messages give it (never a value). */
export interface Selected {
  readonly name: string;
}

export interface Described<Context, Chosen extends Selected> {
  /** The source, as the credentials table of the docs names it. */
  readonly name: string;
  /** The variables it reads (a profile's own keys come from the file its variables name). */
  readonly reads: readonly string[];
  /** What it takes from the environment when it applies, else undefined; a bad value is refused here, by name. */
  applies(context: Context): Chosen | undefined;
}

/**
 * One source of a cloud's chain, one row of the docs' table. How it builds on the sources before it:
 * `replaces` them, `signs with` them (an STS or IAM call, which needs them), or is the `fallback`
 * taken only when none before it applied.
 */
export type ChainSource<Context, Chosen extends Selected> = Described<Context, Chosen> &
  (
    | {
        readonly relation: 'replaces' | 'fallback';
        source(chosen: Chosen, endpoints: Endpoints): CredentialSource;
      }
    | {
        readonly relation: 'signs with';
        source(chosen: Chosen, endpoints: Endpoints, below: CredentialProvider): CredentialSource;
      }
  );

/** The chain so far, built once endpoints are known. */
export type Step = (endpoints: Endpoints) => CredentialProvider;

/** A source with its setting's type hidden, so that one list holds a cloud's sources in order. */
export interface Link<Context> {
  readonly name: string;
  readonly reads: readonly string[];
  readonly relation: ChainSource<Context, Selected>['relation'];
  /** The chain with this source on `below`, or undefined when it does not apply. */
  plan(context: Context, below: Step | undefined, missing: string): Step | undefined;
}

export function link<Context, Chosen extends Selected>(source: ChainSource<Context, Chosen>): Link<Context> {
  return {
    name: source.name,
    reads: source.reads,
    relation: source.relation,
    plan(context, below, missing) {
      if (source.relation === 'fallback' && below) return undefined;
      const chosen = source.applies(context);
      if (chosen === undefined) return undefined;
      if (source.relation !== 'signs with')
        return (endpoints) => new RefreshingCredentials(source.source(chosen, endpoints));
      if (!below)
        throw new InvalidInputError(
          `${missing.replace(/\.$/, '')}: ${chosen.name} signs its call with them.`,
        );
      return (endpoints) => new RefreshingCredentials(source.source(chosen, endpoints, below(endpoints)));
    },
  };
}

/** The chain the environment selects, read without the network: each source in order, on the ones before. */
export function planChain<Context>(links: readonly Link<Context>[], context: Context, missing: string): Step {
  const chain = links.reduce<Step | undefined>(
    (below, next) => next.plan(context, below, missing) ?? below,
    undefined,
  );
  if (!chain) throw new InvalidInputError(missing);
  return chain;
}

/** What the chain gives besides credentials: a profile's region and project win over the variables. */
export interface ChainPlan {
  readonly region?: string;
  readonly projectId?: string;
  build: Step;
}

/** Keys that do not expire: the variables' or a profile's. */
export interface Keys extends Selected {
  readonly credentials: Credentials;
}

/** A source of keys that do not expire, which replace whatever came before. */
export function keysLink<Context>(source: Described<Context, Keys>): Link<Context> {
  return link({
    ...source,
    relation: 'replaces',
    source: (keys) => ({
      name: keys.name,
      temporary: false,
      resolve: async () => ({ credentials: keys.credentials }),
    }),
  });
}

/** A reading done once, on first use: a CLI profile is read only when the chain reaches it. */
export function once<T>(read: () => T): () => T {
  let done: { value: T } | undefined;
  return () => (done ??= { value: read() }).value;
}
