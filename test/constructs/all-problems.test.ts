import { TerraformStack, Testing, Token } from 'cdktf';
import { TaskGate, TencentRedisTaskList } from '../../src';

/** The message a construction throws; fails when it does not throw. */
function thrown(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the construct was built without an error');
}

describe('every bad prop is reported', () => {
  const stack = () => new TerraformStack(Testing.app(), 'test');

  it('one error lists each bad prop in its own sentence, the first as a single problem reads', () => {
    const message = thrown(
      () =>
        new TencentRedisTaskList(stack(), 'l', {
          engine: 'external',
          instanceName: ' ',
          statuses: ['done'],
          wait: { timeout: '800h', pollInterval: '-1s' },
        }),
    );
    expect(message.split('\n')).toEqual([
      'TencentRedisTaskList test/l: instanceName must not be empty; leave it out instead.',
      'TencentRedisTaskList test/l: statuses must be one of pending, running, succeeded, failed, cancelled, paused, unknown, not "done".',
      'TencentRedisTaskList test/l: wait.timeout must be at most 720h, not "800h".',
      'TencentRedisTaskList test/l: wait.pollInterval must be a positive duration such as 90s or 10m, not "-1s".',
    ]);
  });

  it("a gate lists its API's refusal beside a bad wait option; tokens are left to run time", () => {
    const message = thrown(
      () =>
        new TaskGate(stack(), 'g', {
          api: 'tencent-cdb',
          instanceName: 'n',
          taskId: Token.asString({ Ref: 'later' }),
          wait: { until: 'exists' as never },
        }),
    );
    expect(message.split('\n')).toEqual([
      'TaskGate test/g: instanceName is not supported by tencent-cdb: its requests and answers carry no instance name.',
      'TaskGate test/g: wait.until must be one of succeeded, finished, idle, not "exists".',
    ]);
  });
});
