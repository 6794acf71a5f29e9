import { CONDITIONS, FILTER_KEYS, SELECTIONS, WAIT_CONDITIONS } from '../core/model';
import {
  DEFAULTS,
  KEYS_BY_COMMAND,
  OPTION_KEYS,
  OPTION_SPECS,
  OptionKey,
  READ_TIMEOUT,
  TaskCommandName,
  supportNote,
} from '../core/options';
import { CommandName } from './options';

/** Where the text beside each flag starts. */
const HELP_COLUMN = 30;

/** The order options are shown in; an option not named here comes after these. */
const HELP_ORDER: readonly OptionKey[] = [
  'until',
  'expect',
  'select',
  'max_age',
  'timeout',
  'poll_interval',
  'appear_timeout',
  'api',
  'region',
  'project_id',
  'endpoint',
  'request_timeout',
];
const rank = (key: OptionKey) => (HELP_ORDER.includes(key) ? HELP_ORDER.indexOf(key) : HELP_ORDER.length);
const isFilter = (key: OptionKey) => (FILTER_KEYS as readonly string[]).includes(key);

/** An option's help line from the option schema, with which APIs take it (from their descriptors). */
export function optionHelp(key: OptionKey, command?: TaskCommandName): string {
  const spec = OPTION_SPECS[key];
  if (spec.help === undefined) return '';
  const text = (command && spec.help.byCommand?.[command]) ?? spec.help.text;
  const [first, ...rest] = `${text}${supportNote(key)}`.split('\n');
  const head = `  --${spec.flag} ${spec.help.value}`.padEnd(HELP_COLUMN);
  return [head + first, ...rest.map((line) => ' '.repeat(HELP_COLUMN) + line)].join('\n');
}

const TASK_COMMANDS: readonly TaskCommandName[] = ['list', 'wait', 'check'];
/** Options every task command takes the same way: the filters and the connection. */
const SHARED_KEYS = OPTION_KEYS.filter(
  (key) =>
    TASK_COMMANDS.every((command) => KEYS_BY_COMMAND[command].has(key)) &&
    OPTION_SPECS[key].help?.byCommand === undefined,
);
const CONNECTION_KEYS = SHARED_KEYS.filter((key) => !isFilter(key)).sort((a, b) => rank(a) - rank(b));

/** A command's own options: those it takes that are not shared, in help order. */
function ownHelp(command: TaskCommandName): string {
  return [...KEYS_BY_COMMAND[command]]
    .filter((key) => !SHARED_KEYS.includes(key))
    .sort((a, b) => rank(a) - rank(b))
    .map((key) => optionHelp(key, command))
    .join('\n');
}

const FILTERS = `Filters:
${SHARED_KEYS.filter(isFilter)
  .map((key) => optionHelp(key))
  .join('\n')}

Connection:
${CONNECTION_KEYS.map((key) => optionHelp(key)).join('\n')}
  --quiet, -q                 no progress on stderr`;

const OUTPUT_RESULT = `  --output json|none          the result JSON on stdout (default), or nothing: the exit code tells`;
const bar = (values: readonly string[]) => values.join('|');

const ENVIRONMENT = `Environment:
  TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_SECURITY_TOKEN (or _SESSION_TOKEN)
  HW_ACCESS_KEY, HW_SECRET_KEY (or HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK), HW_SECURITY_TOKEN
  TASKGATE_<FLAG> sets any option of list, wait and check not given as a flag, named after the
  flag: TASKGATE_INSTANCE_ID, TASKGATE_TASK_TYPE (comma-separated), TASKGATE_OUTPUT,
  TASKGATE_QUIET=1, ... An empty variable is unset; any other TASKGATE_* variable is an error.
  NO_COLOR disables colour; TASKGATE_DEBUG=1 prints stack traces.

Exit codes: 0 condition holds, 1 condition does not hold, 2 invalid input, 3 timed out,
            4 the API could not be used, 130 interrupted.`;

export const TOP_HELP = `taskgate: wait for and assert on managed-database tasks (Tencent Cloud Redis and CDB,
Huawei Cloud RDS) from Terraform pipelines.

Usage:
  taskgate list     --api API [filters] [--output json|table] [--timeout ${READ_TIMEOUT}]
  taskgate wait     --api API [filters] [--select ${bar(SELECTIONS)}] [--until ${bar(WAIT_CONDITIONS)}]
                    [--timeout ${DEFAULTS.timeout}] [--poll-interval ${DEFAULTS.poll_interval}] [--appear-timeout ${DEFAULTS.appear_timeout}]
  taskgate check    --api API [filters] [--select ${bar(SELECTIONS)}]
                    [--expect ${bar(CONDITIONS)}] [--max-age DURATION] [--timeout ${READ_TIMEOUT}]
  taskgate external                  Terraform external data source program (query JSON on stdin)
  taskgate emulator [--port N] [--scenario FILE] [--tls]
                                     local emulator of the four APIs
  taskgate provider install [--native] [--dir DIR] [--platform OS_ARCH]...
                                     install the Terraform provider, for plain Terraform

  taskgate help [COMMAND]            this help, or the options of one command (also COMMAND --help)
  taskgate --version

${ENVIRONMENT}
`;

export const COMMAND_HELP: Record<CommandName, string> = {
  list: `Usage: taskgate list --api API [filters] [--output json|table]

Lists the tasks matching the filters, newest first.
  --output FORMAT             json or table (default: table on a TTY, json otherwise)
${ownHelp('list')}

${FILTERS}
`,
  wait: `Usage: taskgate wait --api API [filters] [options]

Polls until the selected tasks meet the condition. Stops at once when a selected task ends
failed or cancelled while succeeded is asked (exit 1). Progress on stderr, result JSON on stdout.
${ownHelp('wait')}
${OUTPUT_RESULT}

${FILTERS}
`,
  check: `Usage: taskgate check --api API [filters] [options]

Evaluates the condition once: exit 0 when it holds, 1 when it does not.
${ownHelp('check')}
${OUTPUT_RESULT}

${FILTERS}
`,
  external: `Usage: taskgate external

Terraform's external data source protocol. Reads one JSON object of strings on stdin with the
keys api, command (list, wait or check; default check), instance_id, instance_name, task_types,
statuses (comma-separated), started_after, started_before, task_id, async_request_id, select,
until, expect, max_age, timeout, poll_interval, appear_timeout, region, project_id, endpoint,
request_timeout.
An empty string means unset. Prints one flat JSON object of strings: count, condition_met,
task_id, task_type, task_type_name, status, status_raw, progress, started_at, ended_at,
instance_id, instance_name, message, tasks_json. A false check still exits 0 (condition_met "false").
`,
  emulator: `Usage: taskgate emulator [--port N] [--scenario FILE] [--tls] [--quiet]

Serves the four task-list APIs on 127.0.0.1 (port 0 picks a free one) and prints
"listening on http://127.0.0.1:PORT" first (with --tls, "listening on https://127.0.0.1:PORT"
then "ca-certificate PATH"). It verifies signatures with the credentials in its
environment (the variables above) and those of the scenario file. Control interface under
/_taskgate/ (see the README). Stops on SIGINT or SIGTERM.
  --port N                    port to listen on (default 0: a free port)
  --scenario FILE             JSON scenario: tasks, credentials and faults to load at start
  --tls                       serve HTTPS with a certificate from a throwaway authority made at
                              start; its PEM file (removed on stop) goes in NODE_EXTRA_CA_CERTS
  --quiet, -q                 do not log requests on stderr
`,
  provider: `Usage: taskgate provider install [--native] [--dir DIR] [--platform OS_ARCH]...

Installs the Terraform provider terraform.local/taskgate/taskgate where Terraform finds it with
no download: DIR/terraform.local/taskgate/taskgate/VERSION/OS_ARCH/terraform-provider-taskgate_vVERSION.
Prints the required_providers block to paste on stdout, and each file written on stderr.
Installing again replaces the files.
  --dir DIR                   the plugin folder (default terraform.d/plugins: the working
                              directory's; ~/.terraform.d/plugins serves every configuration)
  --platform OS_ARCH          linux_amd64, linux_arm64, darwin_amd64 or darwin_arm64 (default: this
                              machine's); repeatable or comma-separated
  --native                    the self-contained executable, which needs no node (for HCP Terraform,
                              Atlantis, Spacelift, GitLab): each platform's comes from its npm
                              package, taskgate-provider-OS-ARCH (npm install --save-dev it);
                              --platform linux_amd64_musl or linux_arm64_musl for Alpine
`,
};
