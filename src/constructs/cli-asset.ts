import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

const ASSET_ID = 'taskgate-cli';

let root: { dir: string; name: string; version: string } | undefined;

/** The names this package is published under, one per core (CONTRACT section 10). */
const PACKAGE_NAMES = ['cdktf-taskgate', 'cdktn-taskgate'];

/** This package's root (beside its package.json) and its version, found once. */
export function packageRoot(): { dir: string; name: string; version: string } {
  root ??= findPackageRoot();
  return root;
}

function findPackageRoot(): { dir: string; name: string; version: string } {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
        name?: string;
        version: string;
      };
      if (name !== undefined && PACKAGE_NAMES.includes(name)) return { dir, name, version };
    }
    if (path.dirname(dir) === dir)
      throw new Error(`${PACKAGE_NAMES.join(' / ')}: cannot find the package root of its bundles.`);
  }
}

/** A bundle of this package (`lib/taskgate.js`, `lib/terraform-provider-taskgate.js`); it must be built. */
export function bundlePath(file: string): string {
  const { dir, name } = packageRoot();
  const bundle = path.join(dir, 'lib', file);
  if (!fs.existsSync(bundle)) {
    throw new Error(`${name}: the bundle ${bundle} is missing; run "npm run build" in the package.`);
  }
  return bundle;
}

/** The bundled CLI of this package: `lib/taskgate.js`. */
export function cliBundlePath(): string {
  return bundlePath('taskgate.js');
}

/**
 * The path of the CLI inside the synthesized stack: one asset per stack, shared by every construct,
 * relative to the stack folder so the folder works wherever it is moved.
 */
export function cliAssetPath(scope: Construct): string {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(ASSET_ID) as TerraformAsset | undefined;
  const asset =
    existing ?? new TerraformAsset(stack, ASSET_ID, { path: cliBundlePath(), type: AssetType.FILE });
  return asset.path;
}
