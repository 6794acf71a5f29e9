import { homedir } from 'node:os';
import * as path from 'node:path';
import { InvalidInputError } from '../core/errors';
import { UnreadableFileError, readTextFile } from '../core/files';
import { quoted } from '../core/text';
import { setting } from './env';

/**
 * The vendors' CLI credential files, read as the official Terraform providers read them:
 * terraform-provider-tencentcloud `getConfigFromProfile` (tencentcloud/provider.go) and
 * terraform-provider-huaweicloud `readConfig` (huaweicloud/provider.go, huaweicloud/config/auth.go).
 */

/** `~/x` and `~` as the providers expand them (homedir.Expand), from the environment's HOME. */
function expandHome(file: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir();
  if (file === '~') return home;
  return file.startsWith('~/') ? path.join(home, file.slice(2)) : file;
}

/** The most a CLI credential file holds: a few profiles are a few KiB. */
export const MAX_PROFILE_FILE_BYTES = 1024 * 1024;

function readJson(file: string, what: string): unknown | undefined {
  let text: string;
  try {
    text = readTextFile(file, MAX_PROFILE_FILE_BYTES);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    if (error.code === 'ENOENT') return undefined;
    throw new InvalidInputError(`${what} ${quoted(file)} ${error.reason}.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    // Never the content: it holds keys.
    throw new InvalidInputError(`${what} ${quoted(file)} is not JSON; write it with the vendor's CLI.`);
  }
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a tccli profile holds (the `.credential` and `.configure` files). */
export interface TencentProfile {
  /** For messages: the profile and its file. */
  readonly name: string;
  readonly secretId?: string;
  readonly secretKey?: string;
  readonly token?: string;
  readonly region?: string;
  readonly roleArn?: string;
  readonly roleSessionName?: string;
}

/**
 * tccli's profile: `<dir>/<profile>.credential` (JSON: secretId, secretKey, token, role-arn,
 * role-session-name) and `<profile>.configure` (`_sys_param.region`), dir TENCENTCLOUD_SHARED_CREDENTIALS_DIR
 * or ~/.tccli, profile TENCENTCLOUD_PROFILE or `default`. A missing file is no profile, as for the provider.
 */
export function readTencentProfile(env: NodeJS.ProcessEnv): TencentProfile | undefined {
  const profile = setting(env, 'TENCENTCLOUD_PROFILE') ?? 'default';
  const dir = expandHome(setting(env, 'TENCENTCLOUD_SHARED_CREDENTIALS_DIR') ?? '~/.tccli', env);
  const credentialFile = path.join(dir, `${profile}.credential`);
  const credential = readJson(credentialFile, 'The tccli credential file');
  if (credential === undefined) return undefined;
  if (!isObject(credential)) {
    throw new InvalidInputError(`The tccli credential file ${quoted(credentialFile)} is not a JSON object.`);
  }
  const configure = readJson(path.join(dir, `${profile}.configure`), 'The tccli configure file');
  const system = isObject(configure) && isObject(configure._sys_param) ? configure._sys_param : {};
  return {
    name: `the tccli profile "${profile}" (${quoted(credentialFile)})`,
    secretId: text(credential.secretId),
    secretKey: text(credential.secretKey),
    token: text(credential.token),
    region: text(system.region),
    roleArn: text(credential['role-arn']),
    roleSessionName: text(credential['role-session-name']),
  };
}

/** What an hcloud profile holds. */
export interface HuaweiProfile {
  readonly name: string;
  readonly accessKey?: string;
  readonly secretKey?: string;
  readonly securityToken?: string;
  readonly region?: string;
  readonly projectId?: string;
  readonly agencyName?: string;
  readonly agencyDomainName?: string;
}

/**
 * hcloud's shared config (HW_SHARED_CONFIG_FILE or ~/.hcloud/config.json), read only when
 * HW_SHARED_CONFIG_FILE or HW_PROFILE is set: the profile HW_PROFILE names, else `current`. In SSO
 * mode the keys are those of `ssoAuth.stsToken`. Unlike tccli's, a missing file or profile is an error.
 */
export function readHuaweiProfile(env: NodeJS.ProcessEnv): HuaweiProfile | undefined {
  const fileSetting = setting(env, 'HW_SHARED_CONFIG_FILE');
  const wanted = setting(env, 'HW_PROFILE');
  if (!fileSetting && !wanted) return undefined;
  const file = expandHome(fileSetting ?? '~/.hcloud/config.json', env);
  const config = readJson(file, 'The hcloud config file');
  if (config === undefined) {
    throw new InvalidInputError(
      `The hcloud config file ${quoted(file)} does not exist (read because ${fileSetting ? 'HW_SHARED_CONFIG_FILE' : 'HW_PROFILE'} is set).`,
    );
  }
  if (!isObject(config))
    throw new InvalidInputError(`The hcloud config file ${quoted(file)} is not a JSON object.`);
  const name = wanted ?? text(config.current);
  const profiles = Array.isArray(config.profiles) ? config.profiles.filter(isObject) : [];
  const profile = profiles.find((entry) => entry.name === name);
  if (!name || !profile) {
    throw new InvalidInputError(
      `The hcloud config file ${quoted(file)} has no profile ${name ? JSON.stringify(name).slice(0, 80) : '(no HW_PROFILE and no "current")'}; set HW_PROFILE to one of its profiles.`,
    );
  }
  const sso = profile.mode === 'SSO';
  const keys =
    sso && isObject(profile.ssoAuth) && isObject(profile.ssoAuth.stsToken)
      ? profile.ssoAuth.stsToken
      : profile;
  return {
    name: `the hcloud profile "${name}" (${quoted(file)})`,
    accessKey: text(keys.accessKeyId),
    secretKey: text(keys.secretAccessKey),
    securityToken: text(keys.securityToken),
    region: text(profile.region),
    projectId: text(profile.projectId),
    agencyName: text(profile.agencyName),
    agencyDomainName: text(profile.agencyDomainName),
  };
}
