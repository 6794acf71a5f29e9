import { TerraformProvider, TerraformProviderConfig, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';

/** Marks the provider blocks this package declares, in every copy of it an app may load. */
const DECLARED_HERE = Symbol.for('cdktf-taskgate/provider-block');

function isDefaultBlock(node: IConstruct, type: string): node is TerraformProvider {
  return (
    TerraformProvider.isTerraformProvider(node) &&
    (node as TerraformProvider).terraformResourceType === type &&
    (node as TerraformProvider).alias === undefined
  );
}

/**
 * A provider block this package declares for its constructs. Its default (unaliased) block is
 * written only when the stack, as it is at synthesis, holds no other default block of its type: the
 * user's own wins, whenever it was added (before, after, or by an Aspect during synthesis), and of
 * several of ours (two copies of the package) the first in the tree is written.
 */
export abstract class PackageProviderBlock extends TerraformProvider {
  constructor(scope: Construct, id: string, config: TerraformProviderConfig) {
    super(scope, id, config);
    Object.defineProperty(this, DECLARED_HERE, { value: true });
  }

  /** True when another default block of this type is written instead of this one. */
  private stepsAside(): boolean {
    if (this.alias !== undefined) return false;
    const type = this.terraformResourceType;
    const defaults = TerraformStack.of(this)
      .node.findAll()
      .filter((node) => isDefaultBlock(node, type));
    if (defaults.some((node) => !(DECLARED_HERE in node))) return true;
    return defaults[0] !== this;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public toTerraform(): any {
    return this.stepsAside() ? {} : super.toTerraform();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public toHclTerraform(): any {
    return this.stepsAside() ? {} : super.toHclTerraform();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public toMetadata(): any {
    return this.stepsAside() ? {} : super.toMetadata();
  }
}
