from constructs import Construct
from cdktn import App, TerraformOutput, TerraformStack
from cdktn_taskgate import (
    AssertCondition,
    TaskApi,
    TaskGate,
    TaskListAssertOptions,
    TaskListWaitOptions,
    TencentRedisTaskList,
    WaitCondition,
)


class Orders(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        TaskGate(
            self,
            "backup-done",
            api=TaskApi.TENCENT_REDIS,
            instance_id="crs-abc12345",
            task_types=["FLOW_BACKUPINSTANCE"],
            wait=TaskListWaitOptions(until=WaitCondition.SUCCEEDED, timeout="20m"),
            triggers={"release": "v42"},
        )
        last_backup = TencentRedisTaskList(
            self,
            "last-backup",
            instance_id="crs-abc12345",
            task_types=["FLOW_BACKUPINSTANCE"],
            assert_=TaskListAssertOptions(expect=AssertCondition.SUCCEEDED, max_age="24h"),
        )
        TerraformOutput(self, "last-backup-ended", value=last_backup.ended_at)


app = App()
Orders(app, "orders")
app.synth()
