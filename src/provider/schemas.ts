import { DEFAULTS, OPTION_SPECS, TerraformType, attributesOf, describeOption } from './backend';
import { CtyType } from './plugin/cty';
import { AttributeSchema, Schema } from './plugin/schema';

/** The provider's address parts and the names it registers (CONTRACT section 9). */
export const DATA_SOURCE_TASKS = 'taskgate_tasks';
export const RESOURCE_GATE = 'taskgate_gate';

/** The section 4 task record: `progress` a number, the rest strings; any may be null. */
export const TASK_TYPE: CtyType = [
  'object',
  {
    id: 'string',
    type: 'string',
    type_name: 'string',
    instance_id: 'string',
    instance_name: 'string',
    status: 'string',
    status_raw: 'string',
    progress: 'number',
    started_at: 'string',
    ended_at: 'string',
    message: 'string',
  },
];

const optionalString = (description: string): AttributeSchema => ({
  type: 'string',
  optional: true,
  description,
});

/** A Terraform type's arguments that are query options, from the option schema: top-level ones and those of nested blocks. */
function queryArguments(type: TerraformType): {
  attributes: Record<string, AttributeSchema>;
  blocks: Record<string, Record<string, AttributeSchema>>;
} {
  const attributes: Record<string, AttributeSchema> = {};
  const blocks: Record<string, Record<string, AttributeSchema>> = {};
  for (const [key, { path, defaulted }] of attributesOf(type)) {
    const required = OPTION_SPECS[key].required === true;
    const schema: AttributeSchema = {
      type: OPTION_SPECS[key].type.kind === 'list' ? ['list', 'string'] : 'string',
      ...(required ? { required } : { optional: true }),
      ...(defaulted ? { computed: true, default: DEFAULTS[key] } : {}),
      description: describeOption(key, type),
    };
    const [name, nested] = path;
    if (nested === undefined) attributes[name] = schema;
    else blocks[name] = { ...blocks[name], [nested]: schema };
  }
  return { attributes, blocks };
}

const DATA_ARGUMENTS = queryArguments('data');
const GATE_ARGUMENTS = queryArguments('gate');

/** The outcome, at the moment it was read. */
const RESULT_ATTRIBUTES: Readonly<Record<string, AttributeSchema>> = {
  total: { type: 'number', computed: true, description: 'The number of tasks matching the filters.' },
  tasks: {
    type: ['list', TASK_TYPE],
    computed: true,
    description:
      'The tasks, newest first: id, type, type_name (its readable name, where the API defines one), instance_id, instance_name, status (normalized), status_raw, progress (0 to 100), started_at, ended_at (ISO 8601 with offset) and message; any may be null.',
  },
};

export const PROVIDER_SCHEMA: Schema = {
  version: 0,
  block: {
    description:
      'Waits for and asserts on managed-database tasks (Tencent Cloud Redis and CDB, Huawei Cloud RDS). Credentials, regions and the Huawei project come from the environment (TENCENTCLOUD_*, HW_* or HUAWEICLOUD_SDK_*), never from the configuration.',
    attributes: {
      endpoint: optionalString(describeOption('endpoint')),
    },
  },
};

export const TASKS_DATA_SOURCE_SCHEMA: Schema = {
  version: 0,
  block: {
    description:
      'Reads a task list: every matching task, or with expect the verdict of a condition (false is not an error: use a postcondition on condition_met), or with wait a read that blocks until the condition holds. A data source with wait waits again at every plan and refresh; to block apply once, use taskgate_gate.',
    attributes: {
      ...DATA_ARGUMENTS.attributes,
      ...RESULT_ATTRIBUTES,
      condition_met: {
        type: 'bool',
        computed: true,
        description:
          'Whether the condition holds (expect, else wait.until); null when neither expect nor wait is given.',
      },
      reason: {
        type: 'string',
        computed: true,
        description:
          'When condition_met is false: one line that names the task, its status and why; "" otherwise.',
      },
    },
    blocks: {
      wait: {
        description:
          'Block the read until the condition holds. A selected task that failed or was cancelled while succeeded is awaited, a timeout, or nothing appearing is an error.',
        attributes: DATA_ARGUMENTS.blocks.wait,
      },
    },
  },
};

export const GATE_RESOURCE_SCHEMA: Schema = {
  version: 0,
  block: {
    description:
      'Blocks terraform apply until a task list meets a condition: creating the gate waits; any change of an argument (triggers included) replaces it and waits again. It keeps no remote object: read, refresh and destroy call no API. Resources that must wait list it in depends_on.',
    attributes: {
      ...GATE_ARGUMENTS.attributes,
      triggers: {
        type: ['map', 'string'],
        optional: true,
        description:
          'Arbitrary values (a release, a schema version, the id of the backup just started); when any changes, the gate is replaced and waits again.',
      },
      condition_met: {
        type: 'bool',
        computed: true,
        description: 'True: the condition held when the gate was created.',
      },
      ...RESULT_ATTRIBUTES,
    },
    blocks: {
      timeouts: {
        description: 'How long operations may take.',
        attributes: GATE_ARGUMENTS.blocks.timeouts,
      },
    },
  },
};
