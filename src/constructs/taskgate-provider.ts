import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  TerraformDataSource,
  TerraformMetaArguments,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
} from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import {
  NATIVE_BUILDS,
  archiveName,
  executableName,
  findNativeArchive,
  howToInstallNative,
  packageHashV1,
  readArchive,
  terraformPlatform,
  unzip,
  zipHash,
} from '../native-provider';
import { bundlePath, packageRoot } from './cli-asset';
import { PackageProviderBlock } from './provider-block';
import { declareOnce } from './providers';

/** Where Terraform finds the provider (CONTRACT section 9). */
export const PROVIDER_SOURCE = 'terraform.local/taskgate/taskgate';
/** The platforms a synthesized stack carries the provider for: one JavaScript file serves them all. */
export const PROVIDER_PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'] as const;

/**
 * The app-level setting (CONTRACT section 13): the platforms whose self-contained executable a stack
 * carries instead of the JavaScript provider, so that it plans and applies where there is no node
 * (`new App({ context: { 'taskgate:nativeProvider': ['linux_amd64'] } })`, or cdktf.json's `context`).
 */
export const NATIVE_PROVIDER_CONTEXT = 'taskgate:nativeProvider';

/** `provider "taskgate"`: the endpoint, when the constructs name one; credentials never. */
export class TaskgateProviderBlock extends PackageProviderBlock {
  private readonly endpoint?: string;
  private readonly aliasName?: string;

  constructor(scope: Construct, id: string, options: { endpoint?: string; alias?: string }) {
    super(scope, id, {
      terraformResourceType: 'taskgate',
      terraformGeneratorMetadata: { providerName: 'taskgate', providerVersion: packageRoot().version },
      terraformProviderSource: PROVIDER_SOURCE,
    });
    this.endpoint = options.endpoint;
    this.aliasName = options.alias;
  }

  get alias(): string | undefined {
    return this.aliasName;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { endpoint: this.endpoint, alias: this.aliasName };
  }

  /** The `provider` meta-argument a data source or resource needs: none for the default block. */
  get reference(): TerraformProvider | undefined {
    return this.aliasName === undefined ? undefined : this;
  }
}

const blocks = new WeakMap<TerraformStack, Map<string, TaskgateProviderBlock>>();

/**
 * The taskgate provider block for an endpoint: one per stack and endpoint (aliased when it names one),
 * and the provider itself copied into the stack's implied local mirror at synthesis.
 */
export function taskgateProvider(scope: Construct, endpoint: string | undefined): TaskgateProviderBlock {
  const stack = TerraformStack.of(scope);
  let byEndpoint = blocks.get(stack);
  if (!byEndpoint) {
    byEndpoint = new Map();
    blocks.set(stack, byEndpoint);
    carryProvider(stack);
  }
  const key = endpoint ?? '';
  let block = byEndpoint.get(key);
  if (!block) {
    const n = byEndpoint.size;
    const create = () =>
      new TaskgateProviderBlock(stack, `taskgate-provider-${n}`, {
        endpoint,
        // The block without an endpoint (TASKGATE_ENDPOINT or the public hosts) is the default one.
        alias: endpoint === undefined ? undefined : `endpoint_${n}`,
      });
    if (endpoint === undefined) {
      // A user's own `provider "taskgate"` block replaces our default one.
      let made: TaskgateProviderBlock | undefined;
      declareOnce(stack, 'taskgate', () => (made = create()));
      block = made as TaskgateProviderBlock;
    } else block = create();
    byEndpoint.set(key, block);
  }
  return block;
}

/**
 * The builds the setting names: a list of OS_ARCH (`linux_amd64_musl` for Alpine), or one
 * comma-separated string; at most one build per Terraform platform.
 */
function nativeBuilds(stack: TerraformStack): string[] {
  const value: unknown = stack.node.tryGetContext(NATIVE_PROVIDER_CONTEXT);
  if (value === undefined || value === null || value === '') return [];
  const given = typeof value === 'string' ? value.split(',').map((word) => word.trim()) : value;
  const allowed = NATIVE_BUILDS as readonly string[];
  const { name } = packageRoot();
  if (!Array.isArray(given) || !given.every((build) => allowed.includes(build))) {
    throw new Error(
      `${name}: the context ${NATIVE_PROVIDER_CONTEXT} must list platforms among ` +
        `${allowed.join(', ')}, not ${JSON.stringify(value)}.`,
    );
  }
  const builds = [...new Set(given as string[])];
  for (const build of builds) {
    const twin = builds.find(
      (other) => other !== build && terraformPlatform(other) === terraformPlatform(build),
    );
    if (twin !== undefined) {
      throw new Error(
        `${name}: the context ${NATIVE_PROVIDER_CONTEXT} names ${build} and ${twin}, which are both ` +
          `Terraform's ${terraformPlatform(build)}; name one of them.`,
      );
    }
  }
  return builds;
}

/** One build's native zip, found at construction so that a missing package fails before synth. */
function nativeArchive(build: string, version: string): string {
  const { dir, name } = packageRoot();
  const found = findNativeArchive(build, version, [process.cwd(), dir]);
  if (!found) {
    throw new Error(
      `${name}: the context ${NATIVE_PROVIDER_CONTEXT} names ${build}, whose executable is not installed: ` +
        `run "${howToInstallNative(build, version)}" in the app's project.`,
    );
  }
  return found.file;
}

/**
 * Writes the provider into `terraform.d/plugins/...` inside the stack folder, Terraform's implied local
 * mirror: `terraform init` there finds it and downloads nothing. The platforms the setting names get
 * the self-contained executable, as the zip a registry serves (the mirror's packed layout, as
 * `terraform providers mirror` writes it); the others the JavaScript file. With the setting, the
 * stack also gets the `.terraform.lock.hcl` that lists the provider's hashes for every platform, so
 * that an engine which checks the lock file (HCP Terraform) finds its platform there.
 */
function carryProvider(stack: TerraformStack): void {
  const source = bundlePath('terraform-provider-taskgate.js');
  const { version } = packageRoot();
  const native = new Map(
    nativeBuilds(stack).map((build) => [terraformPlatform(build), nativeArchive(build, version)]),
  );
  addCustomSynthesis(new Construct(stack, 'taskgate-provider-mirror'), {
    onSynthesize(session) {
      const stackDir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
      const mirror = path.join(stackDir, 'terraform.d', 'plugins', PROVIDER_SOURCE);
      const hashes = new Set<string>();
      const javascript = fs.readFileSync(source);
      for (const platform of PROVIDER_PLATFORMS) {
        const zipFile = native.get(platform);
        if (zipFile !== undefined) {
          const zip = readArchive(zipFile);
          fs.mkdirSync(mirror, { recursive: true });
          fs.writeFileSync(path.join(mirror, archiveName(version, platform)), zip);
          hashes.add(packageHashV1(unzip(zip)));
          hashes.add(zipHash(zip));
          continue;
        }
        const dir = path.join(mirror, version, platform);
        fs.mkdirSync(dir, { recursive: true });
        const target = path.join(dir, executableName(version));
        fs.writeFileSync(target, javascript);
        fs.chmodSync(target, 0o755);
        hashes.add(packageHashV1([{ name: executableName(version), content: javascript }]));
      }
      if (native.size > 0)
        fs.writeFileSync(path.join(stackDir, '.terraform.lock.hcl'), lockFile(version, hashes));
    },
  });
}

/** `.terraform.lock.hcl` as `terraform init` writes it, for the provider alone. */
function lockFile(version: string, hashes: ReadonlySet<string>): string {
  const lines = [...hashes].sort().map((hash) => `    "${hash}",\n`);
  return (
    '# This file is maintained automatically by "terraform init".\n' +
    '# Manual edits may be lost in future updates.\n\n' +
    `provider "${PROVIDER_SOURCE}" {\n` +
    `  version     = "${version}"\n` +
    `  constraints = "${version}"\n` +
    `  hashes = [\n${lines.join('')}  ]\n` +
    '}\n'
  );
}

/** Arguments as the provider's schema spells them (snake_case; blocks as objects). */
export type ProviderArguments = Record<string, unknown>;

/** `data "taskgate_tasks"`. */
export class TaskgateTasksDataSource extends TerraformDataSource {
  constructor(
    scope: Construct,
    id: string,
    private readonly args: ProviderArguments,
    meta: Pick<TerraformMetaArguments, 'provider' | 'dependsOn' | 'lifecycle'>,
  ) {
    super(scope, id, {
      terraformResourceType: 'taskgate_tasks',
      terraformGeneratorMetadata: { providerName: 'taskgate' },
      ...meta,
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.args;
  }
}

/** `resource "taskgate_gate"`. */
export class TaskgateGateResource extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly args: ProviderArguments,
    meta: Pick<TerraformMetaArguments, 'provider'>,
  ) {
    super(scope, id, {
      terraformResourceType: 'taskgate_gate',
      terraformGeneratorMetadata: { providerName: 'taskgate' },
      ...meta,
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.args;
  }
}
