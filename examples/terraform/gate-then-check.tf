# With a gate in the same configuration: read the backup after the gate, at apply, not at plan.
data "taskgate_tasks" "backup_after_gate" {
  api         = "tencent-redis"
  instance_id = "crs-abc12345"
  task_types  = ["FLOW_BACKUPINSTANCE"]
  expect      = "succeeded"
  depends_on  = [taskgate_gate.backup_done]
}

output "backup_after_gate_ended" {
  value = data.taskgate_tasks.backup_after_gate.tasks[0].ended_at
}
