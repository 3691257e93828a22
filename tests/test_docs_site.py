"""The documentation site's configuration and the README as the package index shows it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _project() -> dict[str, object]:
    project: dict[str, object] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]
    return project


def test_readme_links_are_absolute_and_point_at_files_that_exist() -> None:
    # The package index renders README.md without the repository around it: relative links would break.
    source = str(_project()["urls"]["Source"])  # type: ignore[index]
    links = re.findall(r"\]\(([^)]+)\)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert links
    for link in links:
        assert link.startswith(f"{source}/blob/main/"), f"{link} is not an absolute link into {source}"
        assert (ROOT / link.removeprefix(f"{source}/blob/main/")).exists(), f"{link} names no file"


def test_every_docs_page_is_in_the_site_nav() -> None:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml names a Python function for the mermaid fence; reading the nav needs none of it.
    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: suffix)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)

    def pages(nav: object) -> set[str]:
        if isinstance(nav, str):
            return {nav}
        if isinstance(nav, list):
            return set().union(*(pages(n) for n in nav))
        if isinstance(nav, dict):
            return set().union(*(pages(v) for v in nav.values()))
        return set()

    on_disk = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert pages(config["nav"]) == on_disk
    fences = config["markdown_extensions"][-1]["pymdownx.superfences"]["custom_fences"]
    assert {
        "name": "mermaid",
        "class": "mermaid",
        "format": "pymdownx.superfences.fence_code_format",
    } in fences


def test_the_classifiers_name_the_python_versions_and_the_license() -> None:
    classifiers = set(_project()["classifiers"])  # type: ignore[call-overload]
    floor = str(_project()["requires-python"]).removeprefix(">=")
    assert f"Programming Language :: Python :: {floor}" in classifiers
    assert "License :: OSI Approved :: Apache Software License" in classifiers
    assert any(c.startswith("Operating System ::") for c in classifiers)
    assert any(c.startswith("Topic ::") for c in classifiers)
