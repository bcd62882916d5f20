"""Meta-tests: every endpoint of ``translate serve`` is routed, described in /spec, and in the README."""

from __future__ import annotations

from tests.conftest import ROOT
from translate.serve.app import ROUTES
from translate.serve.spec import ENDPOINTS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_endpoint_is_in_the_readme_with_its_method() -> None:
    assert len(ROUTES) >= 10
    for path, method, handler, _name in ROUTES:
        assert f"`{method} {path}`" in README, f"{method} {path} is not documented in README.md"
        assert (handler.__doc__ or "").strip(), f"{path} has no docstring"


def test_spec_describes_exactly_the_routes() -> None:
    assert {(p, m.lower()) for p, m, _h, _n in ROUTES} == {(p, e[0]) for p, e in ENDPOINTS.items()}


def test_readme_lists_every_error_status() -> None:
    section = README.split("## HTTP API", 1)[1].split("\n## ", 1)[0]
    for status in ("400", "403", "404", "405", "413", "429", "500", "503"):
        assert status in section, status
