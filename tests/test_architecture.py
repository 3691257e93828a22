"""The folders are the layers, and the layers hold (the map is docs/architecture.md).

Every rule reads the source with :mod:`ast` and imports nothing from sp4n, so a module broken elsewhere cannot
hide a broken rule, and no answer depends on what other tests imported first. Imports count wherever
they are written: at module level, under ``if TYPE_CHECKING:`` (a typing-only import still ties two layers
together) and inside functions (a deferred import is still a dependency). Only the check that the library
loads without test-only packages follows unconditional module-level imports alone: only those always run.

Reference data is allowed in the pure core when it is Python data or comes from an installed package read
through the standard library: the 38 provinces are a literal table in ``sp4n.jurisdiction.provinces``,
holidays come from the ``holidays`` package, and :mod:`zoneinfo` reads the IANA time-zone database (the
same answer for the same question, like a table). Files a host supplies (region lists, routing policies) are
read by ``sp4n.adapters.loaders`` and arrive in the core as values.
"""

from __future__ import annotations

import ast
import functools
import itertools
import re
import sys
import tomllib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "sp4n"
ARCHITECTURE_DOC = ROOT / "docs" / "architecture.md"

# --- the rules as data (docs/architecture.md states the same) -----------------------------------------------

#: The pure core: values and functions only. Time, ids, randomness and I/O come in as arguments.
PURE = (
    "sp4n.lifecycle",
    "sp4n.jurisdiction",
    "sp4n.sla",
    "sp4n.notify",
    "sp4n.identity",
    "sp4n.tracking",
    "sp4n.listing",
    "sp4n.region_codes",
    "sp4n.ports",
    "sp4n.exceptions",
    "sp4n.texts",
)
#: The leaves: what every layer may import, the lifecycle included. The region-code grammar is one because the
#: lifecycle, the commands, the NIK rules and the jurisdiction all check codes with it, and the lifecycle may
#: import nothing above itself: one grammar, not a copy per layer. The texts are one for the same reason: the
#: lifecycle's labels, the errors' messages and every page and notice read one catalogue behind one switch.
LEAVES = ("sp4n.exceptions", "sp4n.region_codes", "sp4n.texts")
#: The pure domain: below the ports, which import its value types (so the arrow points one way).
PURE_DOMAIN = tuple(p for p in PURE if p not in {"sp4n.ports", "sp4n.exceptions", "sp4n.texts"})
#: What the pure core must never import: the application, the edges, the test kit and the command line.
ABOVE_THE_CORE = (
    "sp4n.service",
    "sp4n.adapters",
    "sp4n.commands",
    "sp4n.command_fields",
    "sp4n.testing",
    "sp4n.demo",
    "sp4n._cli",
    "sp4n.cli",
    "sp4n.__main__",
)
#: Standard-library modules the pure core must not import, and why.
_IMPURE_BY_REASON = {
    "makes ids (an IdFactory is injected)": ["uuid"],
    "draws random numbers (a random.Random is injected)": ["random", "secrets"],
    "reads the clock (a Clock is injected)": ["time"],
    "is storage": ["sqlite3", "dbm", "shelve"],
    "is network I/O": ["socket", "ssl", "http", "urllib", "smtplib", "ftplib", "imaplib", "poplib"],
    "is an event loop for I/O": ["asyncio", "selectors"],
    "reads or writes files (hosts' files are read by sp4n.adapters.loaders)": [
        "os",
        "pathlib",
        "shutil",
        "tempfile",
        "glob",
        "fileinput",
        "mmap",
        "pkgutil",
    ],
    "imports dynamically, hiding edges from these checks (importlib.resources also reads files)": [
        "importlib"
    ],
    "reads argv, the environment and the standard streams": ["sys"],
    "runs processes or threads (the service and the adapters own concurrency)": [
        "subprocess",
        "signal",
        "multiprocessing",
        "concurrent",
        "threading",
    ],
    "writes to handlers the caller cannot see (pure code returns values or raises)": ["logging"],
    "formats by process-wide settings (texts are data)": ["locale"],
}
IMPURE_STDLIB = {name: why for why, names in _IMPURE_BY_REASON.items() for name in names}
#: Names the pure core must never touch, even without calling them (``default=datetime.now`` counts).
CLOCK_AND_FILE_NAMES = {
    "datetime.datetime.now": "reads the clock",
    "datetime.datetime.utcnow": "reads the clock",
    "datetime.datetime.today": "reads the clock",
    "datetime.date.today": "reads the clock",
    "builtins.open": "opens a file",
    "io.open": "opens a file",
}
#: Methods that read or write files, whatever object they are called on.
FILE_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes"}
#: Third-party packages the pure core may use, and where: attrs everywhere, the state machine in the
#: lifecycle (the single definition of its transitions), the holiday data in the SLA engine.
PURE_THIRD_PARTY: dict[str, tuple[str, ...]] = {
    "attrs": PURE,
    "statemachine": ("sp4n.lifecycle",),
    "holidays": ("sp4n.sla",),
}
#: Import name of each runtime dependency in pyproject.toml (the distribution name differs for some).
IMPORT_NAMES = {
    "attrs": "attrs",
    "python-statemachine": "statemachine",
    "pydantic": "pydantic",
    "holidays": "holidays",
    "tzdata": "tzdata",
    "pyyaml": "yaml",
}

#: The top level of src/sp4n: these modules and these packages, nothing else (docs/architecture.md).
TOP_LEVEL_MODULES = {
    "__init__",
    "__main__",
    "exceptions",
    "region_codes",
    "ports",
    "commands",
    "command_fields",
    "identity",
    "tracking",
    "listing",
    "cli",
}
TOP_LEVEL_PACKAGES = {
    "lifecycle",
    "jurisdiction",
    "sla",
    "notify",
    "service",
    "adapters",
    "testing",
    "demo",
    "_cli",
    "wire",
    "web",
    "texts",
}
#: The folders that show the layers.
LAYER_FOLDERS = (
    "lifecycle",
    "jurisdiction",
    "sla",
    "notify",
    "service",
    "adapters/storage",
    "adapters/delivery",
    "adapters/streams",
    "testing",
)
#: Files beside the modules that belong there.
DATA_FILES = {"py.typed"}
#: Package faces users import from; demo and _cli are programs, not faces.
FACES = (
    "sp4n",
    "sp4n.lifecycle",
    "sp4n.jurisdiction",
    "sp4n.sla",
    "sp4n.notify",
    "sp4n.service",
    "sp4n.adapters",
    "sp4n.adapters.storage",
    "sp4n.adapters.delivery",
    "sp4n.adapters.streams",
    "sp4n.testing",
    "sp4n.wire",
    "sp4n.web",
    "sp4n.texts",
)
#: Packages that are optional extras: they may import their extra's libraries at module level.
EXTRAS = {"sp4n.web": "web"}
MAX_LINES = 400

# --- reading the source -------------------------------------------------------------------------------------

#: When an import runs: always at import; at import if a condition holds (``if``, ``try``); never (only the
#: type checker reads it); or when the function around it is called.
When = Literal["runtime", "conditional", "typing", "deferred"]


@dataclass(frozen=True)
class Imported:
    """One imported module as a module of sp4n sees it.

    ``name`` is absolute. For ``from m import x`` it is ``m.x`` when that is a module of src/sp4n, else ``m``
    with ``reads_face`` set when ``m`` is a package (the name is read from its ``__init__``).
    """

    name: str
    line: int
    when: When
    reads_face: bool = False


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    is_package: bool
    tree: ast.Module
    lines: int

    @property
    def package(self) -> str:
        """The package relative imports start from."""
        return self.name if self.is_package else self.name.rpartition(".")[0]

    @property
    def relpath(self) -> str:
        return self.path.relative_to(SRC).as_posix()


def _module_name(path: Path) -> tuple[str, bool]:
    parts = path.relative_to(SRC).with_suffix("").parts
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


@functools.cache
def modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name, is_package = _module_name(path)
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=str(path))
        found[name] = Module(name, path, is_package, tree, len(text.splitlines()))
    return found


def within(name: str, prefix: str) -> bool:
    """``name`` is ``prefix`` or inside it (``sp4n.sla.rules`` is within ``sp4n.sla``)."""
    return name == prefix or name.startswith(prefix + ".")


def within_any(name: str, prefixes: Iterable[str]) -> bool:
    return any(within(name, p) for p in prefixes)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(
    body: Sequence[ast.stmt], when: When = "runtime"
) -> Iterator[tuple[ast.Import | ast.ImportFrom, When]]:
    """Every import statement with when it runs (see :data:`When`)."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, when
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _import_nodes(node.body, "deferred")
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _import_nodes(node.body, "deferred" if when == "deferred" else "typing")
            yield from _import_nodes(node.orelse, when)
        else:
            inner: When = (
                "conditional"
                if when == "runtime" and isinstance(node, ast.If | ast.Try | ast.Match)
                else when
            )
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ExceptHandler | ast.match_case):
                    yield from _import_nodes(child.body, inner)
            for field in ("body", "orelse", "finalbody"):
                statements = getattr(node, field, None)
                if isinstance(statements, list):
                    yield from _import_nodes([s for s in statements if isinstance(s, ast.stmt)], inner)


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.package.split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


@functools.cache
def imports_of(name: str) -> tuple[Imported, ...]:
    module, known = modules()[name], modules()
    found: list[Imported] = []
    for node, when in _import_nodes(module.tree.body):
        if isinstance(node, ast.Import):
            found += [Imported(alias.name, node.lineno, when) for alias in node.names]
            continue
        source = _absolute(module, node)
        if source == "__future__":
            continue
        for alias in node.names:
            submodule = f"{source}.{alias.name}"
            if submodule in known:
                found.append(Imported(submodule, node.lineno, when))
            else:
                reads_face = source in known and known[source].is_package
                found.append(Imported(source, node.lineno, when, reads_face))
    return tuple(dict.fromkeys(found))


def internal(name: str) -> list[Imported]:
    return [i for i in imports_of(name) if within(i.name, "sp4n")]


def external(name: str) -> list[Imported]:
    return [i for i in imports_of(name) if not within(i.name, "sp4n")]


def modules_within(*prefixes: str) -> list[str]:
    return [m for m in modules() if within_any(m, prefixes)]


def _where(module: str, imported: Imported) -> str:
    return f"{modules()[module].relpath}:{imported.line} imports {imported.name}"


def _offences(module: str, forbidden: Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
    forbidden, allowed = tuple(forbidden), tuple(allowed)
    return [
        _where(module, i)
        for i in internal(module)
        if within_any(i.name, forbidden) and not within_any(i.name, allowed)
    ]


# --- the import graph ---------------------------------------------------------------------------------------

Edge = tuple[str, str]


@functools.cache
def import_graph() -> tuple[dict[str, set[str]], dict[Edge, Imported]]:
    """Module → the modules of src/sp4n that loading it loads, with the import behind each edge.

    Importing ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first, so the packages on the way are edges
    too: that makes cycles through package faces visible. A module's own enclosing packages are already
    loading when it runs, so they are edges only when it reads a name from their face.
    """
    known = modules()
    graph: dict[str, set[str]] = {m: set() for m in known}
    why: dict[Edge, Imported] = {}
    for name in known:
        for imported in internal(name):
            parts = imported.name.split(".")
            targets = [".".join(parts[:n]) for n in range(1, len(parts) + 1)]
            for target in targets:
                # A module's enclosing packages are loading already: an edge only if it reads their face.
                enclosing = within(name, target)
                face_read = target == imported.name and imported.reads_face
                if target not in known or target == name or (enclosing and not face_read):
                    continue
                graph[name].add(target)
                if (name, target) not in why or imported.when == "runtime":
                    why[name, target] = imported
    return graph, why


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _shortest_cycle(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """The shortest cycle through the first module of a strongly connected group, closed (a → … → a)."""
    start, members = group[0], set(group)
    parent: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return [*reversed(path), start]
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"{group} is not a cycle")


def import_cycles() -> list[list[str]]:
    graph, _ = import_graph()
    return [_shortest_cycle(graph, g) for g in _strongly_connected(graph) if len(g) > 1]


def _describe_cycle(cycle: list[str]) -> str:
    _, why = import_graph()
    steps = [
        f"    {a} → {b}: {modules()[a].relpath}:{why[a, b].line} ({why[a, b].when})"
        for a, b in itertools.pairwise(cycle)
    ]
    return " → ".join(cycle) + "\n" + "\n".join(steps)


def _runtime_closure(start: str) -> dict[str, str | None]:
    """Every module loading ``start`` loads (module-level imports only), with the module that pulled it in."""
    graph, why = import_graph()
    parent: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph[node]):
            if why[node, nxt].when == "runtime" and nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return parent


def _chain(parent: dict[str, str | None], end: str) -> str:
    path = [end]
    while (step := parent[path[-1]]) is not None:
        path.append(step)
    return " → ".join(reversed(path))


# --- 1. the pure core ---------------------------------------------------------------------------------------

PURE_MODULES = modules_within(*PURE)


@pytest.mark.parametrize("module", PURE_MODULES)
def test_the_pure_core_imports_no_clock_randomness_or_io(module: str) -> None:
    offences = [
        f"{_where(module, i)}, which {IMPURE_STDLIB[top]}"
        for i in external(module)
        if (top := i.name.split(".")[0]) in IMPURE_STDLIB
    ]
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("module", PURE_MODULES)
def test_the_pure_core_uses_only_attrs_statemachine_and_holidays_outside_the_standard_library(
    module: str,
) -> None:
    offences = []
    for i in external(module):
        top = i.name.split(".")[0]
        if top in sys.stdlib_module_names:
            continue
        where = PURE_THIRD_PARTY.get(top, ())
        if not within_any(module, where):
            allowed = ", ".join(where) or "nowhere in the pure core"
            offences.append(f"{_where(module, i)} (allowed in: {allowed})")
    assert not offences, "\n".join(offences)


def _qualified_names(tree: ast.Module) -> Iterator[tuple[str, int]]:
    """Every dotted name the module refers to, with its first part resolved through the imports."""
    aliases: dict[str, str] = {}
    for statement, _ in _import_nodes(tree.body):
        for alias in statement.names:
            if isinstance(statement, ast.Import):
                local = alias.asname or alias.name.split(".")[0]
                aliases[local] = alias.name if alias.asname else local
            elif statement.module and statement.level == 0:
                aliases[alias.asname or alias.name] = f"{statement.module}.{alias.name}"
    for node in ast.walk(tree):
        parts: list[str] = []
        current: ast.expr = node if isinstance(node, ast.expr) else ast.Constant(None)
        while isinstance(current, ast.Attribute):
            parts.append(current.attr)
            current = current.value
        if not isinstance(current, ast.Name) or not isinstance(node, ast.Name | ast.Attribute):
            continue
        head = aliases.get(current.id, f"builtins.{current.id}" if current.id == "open" else current.id)
        yield ".".join([head, *reversed(parts)]), node.lineno


@pytest.mark.parametrize("module", PURE_MODULES)
def test_the_pure_core_never_reads_the_clock_or_opens_files(module: str) -> None:
    info = modules()[module]
    offences = [
        f"{info.relpath}:{line} uses {name}, which {CLOCK_AND_FILE_NAMES[name]}"
        for name, line in _qualified_names(info.tree)
        if name in CLOCK_AND_FILE_NAMES
    ]
    offences += [
        f"{info.relpath}:{node.lineno} calls .{node.func.attr}(), which touches a file"
        for node in ast.walk(info.tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in FILE_METHODS
    ]
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("module", PURE_MODULES)
def test_the_pure_core_never_imports_the_service_adapters_commands_test_kit_or_command_line(
    module: str,
) -> None:
    offences = _offences(module, ABOVE_THE_CORE)
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("module", modules_within(*PURE_DOMAIN))
def test_the_pure_domain_never_imports_the_ports_that_sit_above_it(module: str) -> None:
    offences = _offences(module, ["sp4n.ports"])
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("module", modules_within("sp4n.lifecycle"))
def test_the_lifecycle_imports_nothing_of_sp4n_but_itself_and_the_leaves(module: str) -> None:
    offences = _offences(module, ["sp4n"], allowed=["sp4n.lifecycle", *LEAVES])
    assert not offences, "\n".join(offences)


def test_the_exceptions_import_only_the_texts() -> None:
    offences = _offences("sp4n.exceptions", ["sp4n"], allowed=["sp4n.texts"])
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("module", modules_within("sp4n.texts"))
def test_the_texts_import_nothing_of_sp4n_but_themselves(module: str) -> None:
    offences = _offences(module, ["sp4n"], allowed=["sp4n.texts"])
    assert not offences, "\n".join(offences)


def test_the_region_code_grammar_imports_only_the_exceptions() -> None:
    offences = _offences("sp4n.region_codes", ["sp4n"], allowed=["sp4n.exceptions"])
    assert not offences, "\n".join(offences)


# --- 2. layering --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", modules_within("sp4n.adapters"))
def test_the_adapters_never_import_the_service_commands_test_kit_demo_or_command_line(module: str) -> None:
    offences = _offences(
        module,
        [
            "sp4n.service",
            "sp4n.commands",
            "sp4n.command_fields",
            "sp4n.testing",
            "sp4n.demo",
            "sp4n._cli",
            "sp4n.cli",
            "sp4n.__main__",
        ],
    )
    assert not offences, "\n".join(offences)


def test_the_command_models_import_only_the_domain_and_the_exceptions() -> None:
    # Commands are the input edge: the service parses them; they know the domain's value types, nothing above.
    for module in ("sp4n.commands", "sp4n.command_fields"):
        offences = _offences(
            module, [*ABOVE_THE_CORE, "sp4n.ports"], allowed=["sp4n.commands", "sp4n.command_fields"]
        )
        assert not offences, "\n".join(offences)


@pytest.mark.parametrize("module", modules_within("sp4n.wire"))
def test_the_wire_format_imports_only_the_domain_and_the_leaves(module: str) -> None:
    # Adapters (event streams, webhooks) encode with sp4n.wire: it sits below the service and the ports.
    offences = _offences(module, [*ABOVE_THE_CORE, "sp4n.ports", "sp4n.web"])
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("module", modules_within("sp4n.web"))
def test_the_web_kit_works_through_the_service_never_the_adapters(module: str) -> None:
    # The host builds the service (and picks its storage); the web kit only speaks HTTP over it.
    offences = _offences(module, ["sp4n.adapters", "sp4n.testing", "sp4n.demo", "sp4n._cli", "sp4n.cli"])
    assert not offences, "\n".join(offences)


def test_nothing_but_the_command_line_imports_the_web_kit() -> None:
    offences = [
        _where(m, i)
        for m in modules()
        if not within_any(m, ["sp4n.web", "sp4n._cli"])
        for i in internal(m)
        if within(i.name, "sp4n.web")
    ]
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("module", modules_within("sp4n.service"))
def test_only_the_composition_root_of_the_service_imports_adapters(module: str) -> None:
    offences = [] if module == "sp4n.service.compose" else _offences(module, ["sp4n.adapters"])
    assert not offences, "\n".join(offences) + "\n(only sp4n.service.compose may import sp4n.adapters)"


@pytest.mark.parametrize("module", [m for m in modules() if not within(m, "sp4n.testing")])
def test_nothing_outside_the_test_kit_imports_it(module: str) -> None:
    # The demo's hand-moved clock and counting ids live in sp4n.adapters.system, so a plain install runs the
    # demo without the test kit (and without pytest or hypothesis).
    offences = _offences(module, ["sp4n.testing"])
    assert not offences, "\n".join(offences)


#: Who may import the programs at the top: the command line runs the demo; nothing else reaches up.
PROGRAMS: dict[str, tuple[str, ...]] = {
    "sp4n.demo": ("sp4n.demo", "sp4n._cli"),
    "sp4n._cli": ("sp4n._cli", "sp4n.cli"),
    "sp4n.cli": ("sp4n.__main__",),
    "sp4n.__main__": (),
}


@pytest.mark.parametrize("module", list(modules()))
def test_nothing_imports_the_demo_or_the_command_line_but_the_command_line(module: str) -> None:
    offences = [
        _where(module, i)
        for program, importers in PROGRAMS.items()
        if not within_any(module, importers)
        for i in internal(module)
        if within(i.name, program)
    ]
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("module", [m for m in modules() if m != "sp4n"])
def test_no_module_of_sp4n_reads_names_from_the_top_level_face(module: str) -> None:
    # The face re-exports the whole library; reading from it inside the library makes every module depend on
    # every other one. ``from sp4n import commands`` imports a module, which is fine.
    offences = [_where(module, i) + " (a name from the face)" for i in internal(module) if i.name == "sp4n"]
    assert not offences, "\n".join(offences)


def _runtime_imports() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set()
    for spec in project["dependencies"]:
        match = re.match(r"[A-Za-z0-9_.-]+", spec)
        assert match, f"cannot read the dependency {spec!r} in pyproject.toml"
        distribution = match.group(0).lower()
        assert distribution in IMPORT_NAMES, f"add the import name of {distribution} to IMPORT_NAMES"
        names.add(IMPORT_NAMES[distribution])
    return names


@pytest.mark.parametrize("module", [m for m in modules() if not within_any(m, ["sp4n.testing", *EXTRAS])])
def test_the_library_loads_with_its_runtime_dependencies_alone(module: str) -> None:
    # pytest and hypothesis are test extras: ``pip install sp4n && sp4n demo`` must work without them. Only
    # unconditional module-level imports count: drivers imported inside functions (psycopg, pymysql) and
    # imports behind a check that the extra is installed are optional.
    runtime = _runtime_imports()
    parent = _runtime_closure(module)
    offences = [
        f"{_chain(parent, loaded)} → {i.name} ({modules()[loaded].relpath}:{i.line})"
        for loaded in sorted(parent)
        for i in external(loaded)
        if i.when == "runtime"
        and (top := i.name.split(".")[0]) not in sys.stdlib_module_names
        and top not in runtime
    ]
    assert not offences, "loading it needs packages that are not runtime dependencies:\n" + "\n".join(
        offences
    )


# --- 3. no cycle --------------------------------------------------------------------------------------------


def test_the_import_graph_of_src_has_no_cycle() -> None:
    cycles = import_cycles()
    assert not cycles, "import cycles:\n" + "\n".join(_describe_cycle(c) for c in cycles)


def test_the_cycle_finder_sees_cycles_through_package_faces() -> None:
    # a.x imports b.y; b's face imports b.z, which imports a's face: loading a.x loads itself again.
    graph = {"a": {"a.x"}, "a.x": {"b", "b.y"}, "b": {"b.z"}, "b.y": set(), "b.z": {"a"}}
    groups = [g for g in _strongly_connected(graph) if len(g) > 1]
    assert groups == [["a", "a.x", "b", "b.z"]]
    assert _shortest_cycle(graph, groups[0]) == ["a", "a.x", "b", "b.z", "a"]


def test_the_graph_has_an_edge_to_every_package_face_on_the_way() -> None:
    graph, _ = import_graph()
    # sp4n.ports imports sp4n.lifecycle.events: sp4n.lifecycle's face runs first.
    assert {"sp4n.lifecycle", "sp4n.lifecycle.events"} <= graph["sp4n.ports"]
    # A module never depends on its own package being loaded (it is, already) unless it reads its face.
    assert "sp4n.lifecycle" not in graph["sp4n.lifecycle.engine"]


# --- 4. size ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", list(modules()))
def test_no_module_is_longer_than_400_lines(module: str) -> None:
    info = modules()[module]
    assert info.lines <= MAX_LINES, f"{info.relpath} has {info.lines} lines (at most {MAX_LINES}): split it"


# --- 5. references ------------------------------------------------------------------------------------------

#: Pointers at what the repository does not ship (the team's design notes) or at issue numbers.
FORBIDDEN_REFERENCES = {
    r"domain\.md": "points at a design note the project does not ship: cite the regulation instead",
    r"shared/design": "points at the team's design folder: write what users need into docs/",
    r"\bissues?\s+#?\d+": "cites an issue number: say what the rule is and where it comes from",
    r"\bPR\s*#\d+": "cites a pull request: say what the rule is and where it comes from",
    r"(?<![\w&#/])#\d+\b": "cites an issue number: say what the rule is and where it comes from",
}
ARCHITECTURE_TOKEN = re.compile(r"[\w./-]*architecture\.md")


def _referencing_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "pyproject.toml"]
    for folder in (PACKAGE, ROOT / "docs", ROOT / "benchmarks"):
        files += [
            p
            for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
        ]
    return sorted(files)


def _architecture_offences(path: Path, text: str) -> Iterator[str]:
    """``architecture.md`` may only mean docs/architecture.md: so written anywhere, or bare inside docs/."""
    in_docs = path.parent == ROOT / "docs"
    for match in ARCHITECTURE_TOKEN.finditer(text):
        token = match.group(0).strip("./") if in_docs else match.group(0)
        token = re.sub(r"^//github\.com/[\w.-]+/[\w.-]+/blob/main/", "", token)  # README's absolute links
        if token in {"docs/architecture.md", "architecture.md" if in_docs else "docs/architecture.md"}:
            continue
        line = text.count("\n", 0, match.start()) + 1
        yield f"{path.relative_to(ROOT)}:{line}: {match.group(0)} is not docs/architecture.md"


@pytest.mark.parametrize("path", _referencing_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_file_points_at_design_notes_outside_the_repository_or_at_issue_numbers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    offences = list(_architecture_offences(path, text))
    for pattern, why in FORBIDDEN_REFERENCES.items():
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            line = text.count("\n", 0, match.start()) + 1
            offences.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)!r} {why}")
    assert not offences, "\n".join(offences)


# --- 6. layout ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", LAYER_FOLDERS)
def test_every_layer_has_its_folder(folder: str) -> None:
    assert (PACKAGE / folder / "__init__.py").is_file(), (
        f"src/sp4n/{folder}/ is missing (or has no __init__.py)"
    )


def test_the_top_level_holds_only_the_documented_modules_and_packages() -> None:
    strays = []
    for entry in sorted(PACKAGE.iterdir()):
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            if entry.name not in TOP_LEVEL_PACKAGES:
                strays.append(f"src/sp4n/{entry.name}/ is not a documented package")
        elif entry.suffix == ".py" and entry.stem not in TOP_LEVEL_MODULES:
            strays.append(f"src/sp4n/{entry.name} is not a documented top-level module")
        elif entry.suffix != ".py" and entry.name not in DATA_FILES:
            strays.append(f"src/sp4n/{entry.name} is not a module")
    assert not strays, "\n".join(strays)


def test_every_folder_with_modules_is_a_package() -> None:
    folders = {p.parent for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    missing = [str(f.relative_to(SRC)) for f in sorted(folders) if not (f / "__init__.py").is_file()]
    assert not missing, f"namespace folders (add an __init__.py with a docstring): {missing}"


def _documented_layout() -> set[str]:
    """Paths in the fenced block under "## Folder layout" of docs/architecture.md (2 spaces per level)."""
    lines = ARCHITECTURE_DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Folder layout")
    fence = next(n for n in range(start, len(lines)) if lines[n].startswith("```"))
    paths: set[str] = set()
    stack: list[str] = []
    for line in lines[fence + 1 :]:
        if line.startswith("```"):
            break
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        depth = (len(line) - len(line.lstrip())) // 2
        entry = line.split()[0]
        if depth == 0:
            assert entry == "src/sp4n/", f"the layout block must start at src/sp4n/, not {entry}"
            stack = []
            continue
        del stack[depth - 1 :]
        path = "/".join([*stack, entry.rstrip("/")])
        if entry.endswith("/"):
            stack.append(entry.rstrip("/"))
            paths.add(path + "/")
        else:
            paths.add(path)
    return paths


def _actual_layout() -> set[str]:
    paths = {name for name in DATA_FILES if (PACKAGE / name).is_file()}
    for info in modules().values():
        relative = info.path.relative_to(PACKAGE)
        if relative.name == "__init__.py":
            if relative.parent != Path():
                paths.add(relative.parent.as_posix() + "/")
        else:
            paths.add(relative.as_posix())
    return paths


def test_the_architecture_doc_lists_every_module_and_nothing_else() -> None:
    documented = {p for p in _documented_layout() if not p.endswith("__init__.py")}
    actual = _actual_layout()
    problems = [f"src/sp4n/{p} is not in docs/architecture.md's layout" for p in sorted(actual - documented)]
    problems += [
        f"docs/architecture.md lists src/sp4n/{p}, which does not exist" for p in sorted(documented - actual)
    ]
    assert not problems, "\n".join(problems)


def test_the_top_level_lists_here_match_the_architecture_doc() -> None:
    top = {p for p in _documented_layout() if "/" not in p.rstrip("/")}
    assert {p.removesuffix(".py") for p in top if p.endswith(".py")} == TOP_LEVEL_MODULES
    assert {p.rstrip("/") for p in top if p.endswith("/")} == TOP_LEVEL_PACKAGES


def test_the_architecture_doc_names_every_port() -> None:
    ports = _literal_all(modules()["sp4n.ports"].tree) or []
    text = ARCHITECTURE_DOC.read_text(encoding="utf-8")
    missing = [p for p in ports if f"`{p}`" not in text]
    assert not missing, f"docs/architecture.md's ports table lacks {missing}"


# --- 7. curated faces ---------------------------------------------------------------------------------------


def _runtime_statements(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements that run on import (``if TYPE_CHECKING:`` bodies do not)."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _runtime_statements(node.body)
            yield from _runtime_statements(node.orelse)
        elif isinstance(node, ast.Try):
            for part in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _runtime_statements(part)


def _bound_names(tree: ast.Module) -> tuple[set[str], list[int]]:
    """Names a module binds at import, and the lines of its star imports (which bind unknown names)."""
    bound: set[str] = set()
    stars: list[int] = []
    for node in _runtime_statements(tree.body):
        if isinstance(node, ast.Import):
            bound |= {a.asname or a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            stars += [node.lineno for a in node.names if a.name == "*"]
            bound |= {a.asname or a.name for a in node.names if a.name != "*"}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.Assign | ast.AugAssign) or (isinstance(node, ast.AnnAssign) and node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bound |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return bound, stars


def _literal_all(tree: ast.Module) -> list[str] | None:
    """``__all__`` if the module assigns it a literal list or tuple of strings; ``None`` if it has none."""
    names: list[str] | None = None
    for node in _runtime_statements(tree.body):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        if not any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) or node.value is None:
            continue
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            value = None
        assert isinstance(value, list | tuple), f"__all__ must be a literal list (line {node.lineno})"
        assert all(isinstance(v, str) for v in value), f"__all__ must list strings (line {node.lineno})"
        names = [*(names or []), *value] if isinstance(node, ast.AugAssign) else list(value)
    return names


@pytest.mark.parametrize("face", FACES)
def test_no_package_face_loads_names_lazily(face: str) -> None:
    info = modules()[face]
    lazy = [
        f"{info.relpath}:{node.lineno} defines a module-level {node.name}()"
        for node in info.tree.body
        if isinstance(node, ast.FunctionDef) and node.name in {"__getattr__", "__dir__"}
    ]
    assert not lazy, "\n".join(lazy) + "\n(import the names eagerly: lazy faces hide import cycles)"


@pytest.mark.parametrize("face", FACES)
def test_each_package_face_exports_exactly_the_names_it_binds(face: str) -> None:
    info = modules()[face]
    bound, stars = _bound_names(info.tree)
    assert not stars, f"{info.relpath}:{stars[0]} uses a star import: name what the face re-exports"
    exported = _literal_all(info.tree) or []
    duplicates = sorted({n for n in exported if exported.count(n) > 1})
    public = {n for n in bound if not n.startswith("_")}
    problems = [f"__all__ lists {n} twice" for n in duplicates]
    problems += [
        f"__all__ lists {n}, which the face does not bind at import" for n in sorted(set(exported) - public)
    ]
    problems += [f"the face binds {n}, which __all__ does not list" for n in sorted(public - set(exported))]
    assert not problems, f"{info.relpath}:\n" + "\n".join(problems)
