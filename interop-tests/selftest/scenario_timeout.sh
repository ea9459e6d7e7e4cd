#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Runner self-test: a scenario that outlives its timeout is stopped and
# reported as timed out (ctest vm.runner.scenario_timeout expects that).
# timeout: 3
sleep 600
