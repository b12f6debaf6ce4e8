import json
import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the repository root
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def load_truth():
    with open(os.path.join(DATA, "sage_truth.json"), encoding="utf-8") as fh:
        return json.load(fh)["instances"]


@pytest.fixture(scope="session")
def truth():
    return load_truth()
