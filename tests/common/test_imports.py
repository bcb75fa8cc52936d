"""Modules that import each other in a circle (models → Candidate → cpr_vault → identifiers →
policy → models) still load whichever of them a script or a tool imports first."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "placement.common.identifiers",
        "placement.common.policy",
        "placement.privacy.cpr_vault",
        "placement.models",
    ],
)
def test_the_module_imports_first_in_a_fresh_interpreter(module):
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-600:]
