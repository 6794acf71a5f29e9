import * as path from 'node:path';

/**
 * The entry of the self-contained executable (scripts/package-provider.mjs): one file that is the
 * Terraform provider when started under a `terraform-provider-*` name, as Terraform always starts it
 * from its plugin folder, and the `taskgate` CLI under any other name, so a job without node can run
 * `taskgate wait` too. The name decides, not Terraform's magic cookie: a program that the external
 * provider starts inherits the cookie. Each side is loaded only when chosen.
 */
const started = path.basename(process.argv0 || process.execPath);
if (started.startsWith('terraform-provider-')) void import('./provider/main');
else void import('./cli/main');
