#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Runner self-test: a scenario that never ends, with a timeout longer than
# the guest's, so only killing the guest can end the suite.
# timeout: 3000
sleep 6000
