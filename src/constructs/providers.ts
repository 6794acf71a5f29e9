import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HashicorpProviderBlock } from './bindings';

/** The provider blocks this package declared, by stack and type. */
const declared = new WeakMap<TerraformStack, Map<string, TerraformProvider>>();

/**
 * Declares a default provider block of ours once per stack. Whether it is written is decided at
 * synthesis (PackageProviderBlock): not when the user's own block of that type is in the stack.
 */
export function declareOnce(stack: TerraformStack, type: string, create: () => TerraformProvider): void {
  let ours = declared.get(stack);
  if (!ours) {
    ours = new Map();
    declared.set(stack, ours);
  }
  if (!ours.has(type)) ours.set(type, create());
}

/** Declares the external or null provider once per stack, unless the user declares their own. */
export function ensureProvider(scope: Construct, type: 'external' | 'null'): void {
  const stack = TerraformStack.of(scope);
  declareOnce(stack, type, () => new HashicorpProviderBlock(stack, `taskgate-provider-${type}`, type));
}
