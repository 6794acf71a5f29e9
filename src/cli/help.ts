import { API_DESCRIPTORS, API_NAMES, ApiDescriptor, FilterKey } from '../model';
import { CommandName } from './options';

/** Which APIs take a filter, from their descriptors: "", " (not tencent-cdb)" or " (tencent-cdb only)". */
function support(key: FilterKey): string {
  const refuse = API_NAMES.filter((name) => (API_DESCRIPTORS[name] as ApiDescriptor).unsupported[key]);
  const take = API_NAMES.filter((name) => !refuse.includes(name));
  if (refuse.length === 0) return '';
  return take.length === 1 ? ` (${take[0]} only)` : ` (not ${refuse.join(', ')})`;
}

const FILTERS = `Filters:
  --instance-id ID            the instance's id
  --instance-name NAME        the instance's name${support('instance_name')}
  --task-type TYPE            the API's own task type, in either of its forms; repeatable or
                              comma-separated (tencent-redis: FLOW_BACKUPINSTANCE or 012;
                              tencent-cdb: 1 or ROLLBACK; tencent-redis-v2: task_backupInstance
                              or backupInstance)
  --status STATUS             pending, running, succeeded, failed, cancelled, paused, unknown;
                              repeatable or comma-separated
  --started-after TIME        ISO 8601 with offset (2017-02-08T16:46:34+08:00), or
  --started-before TIME       "YYYY-MM-DD HH:mm:ss" in the API's zone (Tencent +08:00, Huawei UTC)
  --task-id ID                the task's id${support('task_id')}
  --async-request-id ID       the AsyncRequestId of a CDB operation${support('async_request_id')}

Connection:
  --api API                   ${API_NAMES.join(', ')} (required)
  --region REGION             default TENCENTCLOUD_REGION / HW_REGION_NAME
  --project-id ID             huawei-rds only; default HW_PROJECT_ID
  --endpoint URL              send requests to this base URL (default TASKGATE_ENDPOINT, else the
                              public host); plain http only to loopback
  --request-timeout DURATION  how long one HTTP request may take (default 10s, at most 1h)
  --quiet, -q                 no progress on stderr`;

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
  taskgate list     --api API [filters] [--output json|table] [--timeout 5m]
  taskgate wait     --api API [filters] [--select newest|all] [--until succeeded|finished|idle]
                    [--timeout 30m] [--poll-interval 10s] [--appear-timeout 2m]
  taskgate check    --api API [filters] [--select newest|all]
                    [--expect succeeded|finished|idle|exists] [--max-age DURATION] [--timeout 5m]
  taskgate external                  Terraform external data source program (query JSON on stdin)
  taskgate emulator [--port N] [--scenario FILE] [--tls]
                                     local emulator of the four APIs
  taskgate provider install [--dir DIR] [--platform OS_ARCH]...
                                     install the Terraform provider, for plain Terraform

  taskgate help [COMMAND]            this help, or the options of one command (also COMMAND --help)
  taskgate --version

${ENVIRONMENT}
`;

export const COMMAND_HELP: Record<CommandName, string> = {
  list: `Usage: taskgate list --api API [filters] [--output json|table]

Lists the tasks matching the filters, newest first.
  --output FORMAT             json or table (default: table on a TTY, json otherwise)
  --timeout DURATION          give up after this long, exit 3 (default 5m, at most 720h); a
                              hard deadline, as for wait

${FILTERS}
`,
  wait: `Usage: taskgate wait --api API [filters] [options]

Polls until the selected tasks meet the condition. Stops at once when a selected task ends
failed or cancelled while succeeded is asked (exit 1). Progress on stderr, result JSON on stdout.
  --until CONDITION           succeeded (default): every selected task succeeded
                              finished: every selected task ended (succeeded, failed, cancelled)
                              idle: no matching task is pending or running
  --select newest|all         the newest matching task (default), or every match
  --timeout DURATION          give up after this long, exit 3 (default 30m, at most 720h); a
                              hard deadline: a request still in flight then is abandoned
  --poll-interval DURATION    time between polls, growing gently while nothing changes
                              (default 10s, at most 24h)
  --appear-timeout DURATION   how long no task may match before giving up, exit 3 (default 2m)
  --output json|none          the result JSON on stdout (default), or nothing: the exit code tells

${FILTERS}
`,
  check: `Usage: taskgate check --api API [filters] [options]

Evaluates the condition once: exit 0 when it holds, 1 when it does not.
  --expect CONDITION          succeeded (default), finished, idle, or exists (a task matches)
  --select newest|all         the newest matching task (default), or every match
  --max-age DURATION          the selected tasks must have started within this long of now
  --timeout DURATION          give up after this long, exit 3 (default 5m, at most 720h); a
                              hard deadline, as for wait
  --output json|none          the result JSON on stdout (default), or nothing: the exit code tells

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
  provider: `Usage: taskgate provider install [--dir DIR] [--platform OS_ARCH]...

Installs the Terraform provider terraform.local/taskgate/taskgate where Terraform finds it with
no download: DIR/terraform.local/taskgate/taskgate/VERSION/OS_ARCH/terraform-provider-taskgate_vVERSION.
Prints the required_providers block to paste on stdout, and each file written on stderr.
Installing again replaces the files.
  --dir DIR                   the plugin folder (default terraform.d/plugins: the working
                              directory's; ~/.terraform.d/plugins serves every configuration)
  --platform OS_ARCH          linux_amd64, linux_arm64, darwin_amd64 or darwin_arm64 (default: this
                              machine's); repeatable or comma-separated
`,
};
