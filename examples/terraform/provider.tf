terraform {
  required_providers {
    taskgate = {
      source  = "terraform.local/taskgate/taskgate"
      version = "0.1.0"
    }
  }
}

# No argument holds a credential: keys, regions and the Huawei project come from the environment.
provider "taskgate" {
  endpoint = "http://127.0.0.1:8080" # optional: else TASKGATE_ENDPOINT, else the public hosts
}
