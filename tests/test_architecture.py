"""The shape of the code: a Qt-free core in pipeline layers, no loops, small parts."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "parallax.ui", "ui")
MAX_FILE_LINES = 800
MAX_CLASS_LINES = 500


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["parallax", *parts])


def _core_files() -> list[Path]:
    return sorted((ROOT / "reader").rglob("*.py"))


def _imports(path: Path):
    """(line, module, names) for every import in a file, function-level and
    TYPE_CHECKING ones included, and import_module("...") calls."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            yield node.lineno, module, tuple(a.name for a in node.names)
        elif (isinstance(node, ast.Call)
              and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("import_module", "__import__")
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.lineno, node.args[0].value, ()


def _core_graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in _core_files()}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for _line, module, names in _imports(path):
            targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in modules] or [module]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def test_reader_never_imports_qt_or_ui():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in _core_files()
        for line, name, _ in _imports(path)
        if name.split(".")[0] in FORBIDDEN or name.startswith("parallax.ui")
    ]
    assert offenders == []


def test_importing_the_whole_core_loads_no_qt():
    code = (
        "import importlib, pkgutil, sys, parallax.reader\n"
        "for m in pkgutil.walk_packages(parallax.reader.__path__, 'parallax.reader.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6')"
        " or n.startswith('parallax.ui'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_import_linter_contracts_hold():
    """The Qt ban and the layers contract (pipeline order) in pyproject.toml."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "layers" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_code_passes_the_linter():
    """ruff (pinned in constraints.txt, rules in pyproject.toml) over the shipped code, its
    tests, benchmarks, training and scripts."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "reader", "ui", "tests", "training",
                             "benchmarks", "scripts"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_import_cycle_among_core_modules():
    graph = _core_graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == []


def test_cycle_finder_finds_a_cycle(tmp_path, monkeypatch):
    """The cycle test above can fail: a loop written into a copy of the tree is found."""
    (tmp_path / "reader" / "a").mkdir(parents=True)
    (tmp_path / "reader" / "a" / "__init__.py").write_text("")
    (tmp_path / "reader" / "a" / "x.py").write_text("def f():\n    from parallax.reader.a import y\n")
    (tmp_path / "reader" / "a" / "y.py").write_text("from parallax.reader.a.x import f\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    graph = _core_graph()
    assert "parallax.reader.a.y" in graph["parallax.reader.a.x"]
    assert "parallax.reader.a.x" in graph["parallax.reader.a.y"]


def test_no_module_reaches_into_another_modules_private_names():
    offenders = []
    for path in [*_core_files(), *sorted((ROOT / "ui").rglob("*.py"))]:
        for line, module, names in _imports(path):
            if not module.startswith("parallax."):
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {module} {private}")
    assert offenders == []


def test_files_and_classes_stay_small():
    big = []
    for path in [*_core_files(), *sorted((ROOT / "ui").rglob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        n = text.count("\n")
        if n > MAX_FILE_LINES:
            big.append(f"{path.relative_to(ROOT)}: {n} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES:
                big.append(f"{path.relative_to(ROOT)}: class {node.name} {node.end_lineno - node.lineno + 1} lines")
    assert big == []


def test_every_core_package_says_what_it_holds():
    missing = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "reader").rglob("__init__.py")
        if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert missing == []


def test_resources_hold_no_code():
    # The only .py file is the empty marker that lets importlib.resources find the folder.
    code = [p for p in (ROOT / "resources").rglob("*.py") if p.stat().st_size > 0]
    assert code == []
