# Hold the migration at apply until the newest backup of the instance succeeded.
variable "release" {
  type = string
}

resource "taskgate_gate" "backup_done" {
  api         = "tencent-redis"
  instance_id = "crs-abc12345"
  task_types  = ["FLOW_BACKUPINSTANCE"]
  until       = "succeeded"
  triggers    = { release = var.release }

  timeouts {
    create = "20m"
  }
}

resource "terraform_data" "migration" {
  input      = var.release
  depends_on = [taskgate_gate.backup_done]
}
