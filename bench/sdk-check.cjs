// The same DescribeTaskList check as `taskgate check`, done with the official Tencent Cloud SDK's own
// signed-request path: the baseline the CLI is compared with. The URL is the loopback emulator, given
// explicitly with the TC3 service (the SDK's clients would derive the service from the host's first label).
const { HttpConnection } = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/http/http_connection');

const [url, instanceId] = process.argv.slice(2);
if (!/^http:\/\/127\.0\.0\.1:\d+\/?$/.test(url))
  throw new Error('the SDK benchmark only talks to the loopback emulator');
HttpConnection.doRequestWithSign3({
  method: 'POST',
  url,
  data: { InstanceId: instanceId, Limit: 100, Offset: 0 },
  service: 'redis',
  action: 'DescribeTaskList',
  region: 'ap-guangzhou',
  version: '2018-04-12',
  secretId: process.env.TENCENTCLOUD_SECRET_ID,
  secretKey: process.env.TENCENTCLOUD_SECRET_KEY,
  headers: { 'Content-Type': 'application/json' },
})
  .then((response) => response.json())
  .then(({ Response: body }) => {
    if (body.Error) throw new Error(body.Error.Code);
    const newest = body.Tasks[0];
    process.stdout.write(`${JSON.stringify({ condition_met: Boolean(newest && newest.Result === 2) })}\n`);
  })
  .catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(4);
  });
