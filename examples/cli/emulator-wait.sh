export TENCENTCLOUD_SECRET_ID=local TENCENTCLOUD_SECRET_KEY=local-secret
taskgate emulator --port 8080 --quiet > emulator.out &
until grep -q listening emulator.out 2>/dev/null; do sleep 0.1; done
curl -s -X POST localhost:8080/_taskgate/tasks \
  -d '{"api":"tencent-redis","type":"FLOW_BACKUPINSTANCE","instanceId":"crs-1","runningFor":"5s"}'
curl -s -X POST localhost:8080/_taskgate/faults -d '{"kind":"throttle","count":3}'
taskgate wait --api tencent-redis --instance-id crs-1 --endpoint http://127.0.0.1:8080 --poll-interval 1s
kill %1
