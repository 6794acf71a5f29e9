# Fail the plan unless the newest backup of the instance succeeded within the last day.
data "taskgate_tasks" "last_backup" {
  api         = "tencent-redis"
  instance_id = "crs-abc12345"
  task_types  = ["FLOW_BACKUPINSTANCE"]
  expect      = "succeeded"
  max_age     = "24h"

  lifecycle {
    postcondition {
      condition     = self.condition_met
      error_message = self.reason
    }
  }
}

output "last_backup_ended" {
  value = data.taskgate_tasks.last_backup.tasks[0].ended_at
}
