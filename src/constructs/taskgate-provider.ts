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
import { bundlePath, packageRoot } from './cli-asset';
import { PackageProviderBlock } from './provider-block';
import { declareOnce } from './providers';

/** Where Terraform finds the provider (CONTRACT section 9). */
export const PROVIDER_SOURCE = 'terraform.local/taskgate/taskgate';
/** The platforms a synthesized stack carries the provider for: one JavaScript file serves them all. */
export const PROVIDER_PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'] as const;

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
 * Writes the provider into `terraform.d/plugins/...` inside the stack folder, Terraform's implied local
 * mirror: `terraform init` there finds it and downloads nothing.
 */
function carryProvider(stack: TerraformStack): void {
  const source = bundlePath('terraform-provider-taskgate.js');
  const { version } = packageRoot();
  addCustomSynthesis(new Construct(stack, 'taskgate-provider-mirror'), {
    onSynthesize(session) {
      const stackDir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
      for (const platform of PROVIDER_PLATFORMS) {
        const dir = path.join(stackDir, 'terraform.d', 'plugins', PROVIDER_SOURCE, version, platform);
        fs.mkdirSync(dir, { recursive: true });
        const target = path.join(dir, `terraform-provider-taskgate_v${version}`);
        fs.copyFileSync(source, target);
        fs.chmodSync(target, 0o755);
      }
    },
  });
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
