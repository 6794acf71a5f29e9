import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ExternalProvider } from '@cdktf/provider-external/lib/provider';
import { NullProvider } from '@cdktf/provider-null/lib/provider';

/** Declares a provider once per stack, unless the stack already has one of that type (the user's). */
export function ensureProvider(scope: Construct, type: 'external' | 'null'): void {
  const stack = TerraformStack.of(scope);
  const declared = stack.node
    .findAll()
    .some((child) => child instanceof TerraformProvider && child.terraformResourceType === type);
  if (declared) return;
  if (type === 'external') new ExternalProvider(stack, 'taskgate-provider-external');
  else new NullProvider(stack, 'taskgate-provider-null');
}
