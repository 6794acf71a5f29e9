import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ExternalProvider } from '@cdktf/provider-external/lib/provider';
import { NullProvider } from '@cdktf/provider-null/lib/provider';

/** Declares a provider once per stack, unless the stack already has one of that type (the user's). */
const ensured = new WeakMap<TerraformStack, Set<string>>();

export function ensureProvider(scope: Construct, type: 'external' | 'null'): void {
  const stack = TerraformStack.of(scope);
  // Scanning the tree once per stack and type keeps synthesis linear in the number of constructs.
  const done = ensured.get(stack) ?? new Set<string>();
  ensured.set(stack, done);
  if (done.has(type)) return;
  done.add(type);
  const declared = stack.node
    .findAll()
    .some((child) => child instanceof TerraformProvider && child.terraformResourceType === type);
  if (declared) return;
  if (type === 'external') new ExternalProvider(stack, 'taskgate-provider-external');
  else new NullProvider(stack, 'taskgate-provider-null');
}
