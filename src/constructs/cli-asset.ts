import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

const ASSET_ID = 'taskgate-cli';

/** The bundled CLI of this package: `lib/taskgate.js` beside the package.json named cdktf-taskgate. */
export function cliBundlePath(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      fs.existsSync(manifest) &&
      (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'cdktf-taskgate'
    ) {
      const bundle = path.join(dir, 'lib', 'taskgate.js');
      if (!fs.existsSync(bundle)) {
        throw new Error(
          `cdktf-taskgate: the CLI bundle ${bundle} is missing; run "npm run build" in the package.`,
        );
      }
      return bundle;
    }
    if (path.dirname(dir) === dir)
      throw new Error('cdktf-taskgate: cannot find the package root of the CLI bundle.');
  }
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
