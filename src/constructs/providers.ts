import { Aspects, IAspect, TerraformProvider, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { HashicorpProviderBlock } from './bindings';

/** The provider blocks this package declared, by stack and type. */
const declared = new WeakMap<TerraformStack, Map<string, TerraformProvider>>();

/**
 * A provider block we declared steps aside at synthesis when the stack has the user's own block of
 * that type without an alias, whether it was created before or after ours. Providers are recognised
 * with `TerraformProvider.isTerraformProvider`, so a block from another copy of the core counts too.
 */
class StepAside implements IAspect {
  constructor(private readonly stack: TerraformStack) {}

  visit(node: IConstruct): void {
    if (node !== this.stack) return;
    for (const [type, ours] of declared.get(this.stack) ?? []) {
      const theirs = this.stack.node
        .findAll()
        .some(
          (child) =>
            child !== ours &&
            TerraformProvider.isTerraformProvider(child) &&
            (child as TerraformProvider).terraformResourceType === type &&
            !(child as TerraformProvider).alias,
        );
      if (theirs) this.stack.node.tryRemoveChild(ours.node.id);
    }
  }
}

/** Records a default provider block of ours, to be dropped at synthesis if the user declares one. */
export function declareOnce(stack: TerraformStack, type: string, create: () => TerraformProvider): void {
  let ours = declared.get(stack);
  if (!ours) {
    ours = new Map();
    declared.set(stack, ours);
    Aspects.of(stack).add(new StepAside(stack));
  }
  if (!ours.has(type)) ours.set(type, create());
}

/** Declares the external or null provider once per stack, unless the user declares their own. */
export function ensureProvider(scope: Construct, type: 'external' | 'null'): void {
  const stack = TerraformStack.of(scope);
  declareOnce(stack, type, () => new HashicorpProviderBlock(stack, `taskgate-provider-${type}`, type));
}
