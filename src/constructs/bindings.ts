import { TerraformDataSource, TerraformMetaArguments, TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import { PackageProviderBlock } from './provider-block';

/*
 * Hand-written bindings of the two HashiCorp providers the non-default engines use, written on the
 * core API alone. The generated `@cdktf/provider-*` packages pin `cdktf` as their peer, and no
 * `@cdktn/provider-*` builds reach every registry, so either would pull one core into the other's
 * apps; these few lines synthesize the same JSON in both (a test compares them with the generated
 * bindings). Versions and constraints are those of the generated bindings.
 */

/** What the generated bindings declare of each provider: the version generated from, and the constraint. */
const GENERATED = {
  null: { providerVersion: '3.2.4', providerVersionConstraint: '~> 3.0' },
  external: { providerVersion: '2.3.5', providerVersionConstraint: '~> 2.1' },
} as const;

/** `provider "null"` or `provider "external"` (hashicorp/null, hashicorp/external), with no arguments. */
export class HashicorpProviderBlock extends PackageProviderBlock {
  constructor(scope: Construct, id: string, type: keyof typeof GENERATED) {
    super(scope, id, {
      terraformResourceType: type,
      terraformGeneratorMetadata: { providerName: type, ...GENERATED[type] },
      terraformProviderSource: type,
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

/** `resource "null_resource"`: `triggers` and the meta-arguments a gate uses. */
export class NullResourceBinding extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly config: { triggers?: Record<string, string> } & Pick<
      TerraformMetaArguments,
      'provisioners' | 'dependsOn'
    >,
  ) {
    super(scope, id, {
      terraformResourceType: 'null_resource',
      terraformGeneratorMetadata: { providerName: 'null', ...GENERATED.null },
      provisioners: config.provisioners,
      dependsOn: config.dependsOn,
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { triggers: this.config.triggers };
  }
}

/** `data "external"`: `program`, `query` and the `result` map. */
export class ExternalDataBinding extends TerraformDataSource {
  constructor(
    scope: Construct,
    id: string,
    private readonly config: { program: string[]; query?: Record<string, string> } & Pick<
      TerraformMetaArguments,
      'dependsOn' | 'lifecycle'
    >,
  ) {
    super(scope, id, {
      terraformResourceType: 'external',
      terraformGeneratorMetadata: { providerName: 'external', ...GENERATED.external },
      dependsOn: config.dependsOn,
      lifecycle: config.lifecycle,
    });
  }

  /** One key of the program's `result`. */
  result(key: string): string {
    return Token.asString(this.interpolationForAttribute(`result["${key}"]`));
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { program: this.config.program, query: this.config.query };
  }
}
