"""`tests/contract_extra/*.txt` adds operations from the full spec to the test-local contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from openapi_core import OpenAPI

from tests import contract_spec as module

PRESENCE = "/restapi/v1.0/account/{accountId}/extension/{extensionId}/presence"
RING_OUT = "/restapi/v1.0/account/{accountId}/extension/{extensionId}/ring-out"


@pytest.fixture
def extra_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(module, "EXTRA_DIR", tmp_path)
    module.contract_spec.cache_clear()
    yield tmp_path
    module.contract_spec.cache_clear()


def test_listed_operations_are_added_with_their_components(extra_dir: Path) -> None:
    subset_get = module.contract_spec()["paths"][PRESENCE]["get"]
    module.contract_spec.cache_clear()
    (extra_dir / "feature.txt").write_text(
        f"PUT {PRESENCE}  # set availability\nPOST {RING_OUT}  # dial out without a phone\n"
    )
    spec = module.contract_spec()
    assert spec["paths"][PRESENCE]["get"] == subset_get  # the subset's own operation stays
    assert spec["paths"][PRESENCE]["put"]["operationId"] == "updateUserPresenceStatus"
    assert spec["paths"][RING_OUT]["post"]["operationId"] == "createRingOutCall"
    OpenAPI.from_dict(spec)  # every $ref resolves: the spec validates


def test_no_listing_is_the_subset(extra_dir: Path) -> None:
    assert PRESENCE in module.contract_spec()["paths"]
    assert RING_OUT not in module.contract_spec()["paths"]
