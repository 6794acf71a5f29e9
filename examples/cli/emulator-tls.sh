export TENCENTCLOUD_SECRET_ID=local TENCENTCLOUD_SECRET_KEY=local-secret
taskgate emulator --tls --quiet > emulator.out &
until grep -q ca-certificate emulator.out 2>/dev/null; do sleep 0.1; done
export TASKGATE_ENDPOINT=$(sed -n 's/^listening on //p' emulator.out)
export NODE_EXTRA_CA_CERTS=$(sed -n 's/^ca-certificate //p' emulator.out)
taskgate list --api tencent-redis --instance-id crs-1
kill %1
