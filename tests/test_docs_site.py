"""The documentation site (docs/, Sphinx with numpydoc and MyST) stays complete and buildable.

CI builds it with warnings as errors and runs the tutorials' code (`.ci/run`); that takes minutes, so
here the fast parts: the pages and the API reference cover what they promise, the docstring escaping of
docs/conf.py keeps formulas and literals intact, and every public docstring is valid reStructuredText
after numpydoc has read it, so that an author learns of a broken docstring from `python -m pytest`
with its name, not from the docs build.
"""

from __future__ import annotations

import importlib
import inspect
import io
import os
import pkgutil
import re
import sys

import pytest
from conftest import REPO

DOCS = os.path.join(REPO, "docs")
TUTORIALS = ("quickstart", "hunting", "papers", "sage", "certificates", "dask")
PAGES = ("references", "reconstructions", "verifiers", "campaigns")


@pytest.fixture(scope="module")
def conf():
    sys.path.insert(0, DOCS)
    try:
        import conf as module  # docs/conf.py

        return importlib.reload(module)
    finally:
        sys.path.remove(DOCS)


def _read(*parts: str) -> str:
    with open(os.path.join(DOCS, *parts), encoding="utf-8") as fh:
        return fh.read()


def test_index_lists_every_tutorial_and_page():
    index = _read("index.md")
    for name in TUTORIALS:
        assert f"tutorials/{name}" in index, name
        assert os.path.exists(os.path.join(DOCS, "tutorials", f"{name}.md")), name
    for name in (*PAGES, "api"):
        assert re.search(rf"^{name}$", index, flags=re.M), name


def test_every_tutorial_runs_code_as_doctests():
    for name in TUTORIALS:
        text = _read("tutorials", f"{name}.md")
        assert re.search(r"^```\{doctest\}$", text, flags=re.M), f"{name}.md has no doctest block"


def test_api_reference_covers_every_public_subpackage():
    import exactrelu

    api = _read("api.rst")
    listed = set(re.findall(r"^   ((?:exactrelu|proofs_checks)[\w.]*)$", api, flags=re.M))
    public = {f"exactrelu.{m.name}" for m in pkgutil.iter_modules(exactrelu.__path__) if m.name != "__main__"}
    assert public | {"exactrelu", "proofs_checks"} == listed


def test_ci_builds_the_site_and_runs_its_doctests_as_the_readme_says():
    """The README's sphinx-build lines (html and doctest, warnings as errors) run verbatim in .ci/run,
    guarded by `|| exit 1` (see tests/test_readme.py), before the tests; the README links the site."""
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.S)
    lines = [line.strip() for b in blocks for line in b.splitlines()]
    builds = [line for line in lines if line.startswith("sphinx-build")]
    assert {"html", "doctest"} <= {line.split("-b ", 1)[1].split()[0] for line in builds}, builds
    assert all(" -W " in line and " docs " in line for line in builds), builds
    with open(os.path.join(REPO, ".ci", "run"), encoding="utf-8") as fh:
        ci_lines = [line.strip() for line in fh]
    for line in builds:
        assert f"{line} || exit 1" in ci_lines, f"not in .ci/run: {line} || exit 1"
        assert ci_lines.index(f"{line} || exit 1") < ci_lines.index("python -m pytest")
    assert "docs/index.md" in readme


def test_escaping_keeps_formulas_literals_and_tables(conf):
    lines = [
        "Regions |χ(−1)|, d_- = d_1/2, ``a|b``, :math:`|x|`, H_{1}.",
        "",
        ">>> abs(-1) | 0",
        "1",
        "",
        "A literal::",
        "",
        "    |x| d_",
        ".. math::",
        "",
        "   |x|_2",
        "",
        "====  =======",
        "|S|   H_1 x_",
        "====  =======",
        "",
        "after |S|",
    ]
    conf.escape_plain_text_math(None, "function", "f", None, None, lines)
    assert lines[0] == r"Regions \|χ(−1)\|, d\_- = d_1/2, ``a|b``, :math:`|x|`, H_{1}."
    assert lines[2:4] == [">>> abs(-1) | 0", "1"]  # doctests run as written
    assert lines[7] == "    |x| d_" and lines[10] == "   |x|_2"  # literal blocks and maths untouched
    assert lines[13] == "∣S∣   H_1 x_"  # a table keeps its column widths
    assert lines[16] == r"after \|S\|"


def _public_docstrings():
    """(name, docstring, kind) of every public module, function, class and method, once each."""
    import exactrelu
    import proofs_checks

    seen = set()
    for package in (exactrelu, proofs_checks):
        names = [package.__name__] + [
            m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
        ]
        for modname in names:
            if any(part.startswith("_") for part in modname.split(".")[1:]):
                continue
            module = importlib.import_module(modname)
            yield modname, module.__doc__ or "", "module"
            for name, obj in vars(module).items():
                if name.startswith("_") or getattr(obj, "__module__", None) != modname or id(obj) in seen:
                    continue
                if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                    continue
                seen.add(id(obj))
                yield (
                    f"{modname}.{name}",
                    inspect.getdoc(obj) or "",
                    "class" if inspect.isclass(obj) else "function",
                )
                if inspect.isclass(obj):
                    for attr, member in vars(obj).items():
                        func = getattr(member, "fget", None) or getattr(member, "__func__", None) or member
                        if attr.startswith("_") or not inspect.isfunction(func):
                            continue
                        yield f"{modname}.{name}.{attr}", inspect.getdoc(func) or "", "method"


def test_every_public_docstring_is_valid_restructuredtext(conf):
    """What Sphinx -W would reject in a docstring, found in seconds: the docstring goes through the
    escaping of docs/conf.py and numpydoc, then docutils parses it (Sphinx's roles and directives are
    accepted whatever their arguments)."""
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives, roles
    from numpydoc.docscrape_sphinx import SphinxDocString

    def any_role(name, rawtext, text, lineno, inliner, options=None, content=None):
        return [nodes.literal(rawtext, text)], []

    class AnyDirective(Directive):
        has_content = True
        optional_arguments = 10
        final_argument_whitespace = True
        option_spec = None

        def run(self):
            return []

    AnyDirective.option_spec = type(
        "AnyOptions", (dict,), {"__missing__": lambda self, key: directives.unchanged}
    )()
    for role in (
        "func",
        "class",
        "meth",
        "mod",
        "data",
        "attr",
        "obj",
        "exc",
        "ref",
        "doc",
        "math",
        "py:obj",
    ):
        roles.register_local_role(role, any_role)
    for directive in (
        "seealso",
        "versionadded",
        "versionchanged",
        "deprecated",
        "rubric",
        "autosummary",
        "plot",
    ):
        directives.register_directive(directive, AnyDirective)

    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    template = SphinxDocString("").template  # loaded once: numpydoc would load it for every docstring
    parser = Parser()
    settings = get_default_settings(Parser)
    settings.report_level, settings.halt_level = 2, 5
    problems = []
    for name, doc, kind in _public_docstrings():
        if not doc.strip():
            continue
        lines = doc.splitlines()
        conf.escape_plain_text_math(None, kind, name, None, None, lines)
        text = "\n".join(lines)
        if kind != "module":
            text = str(SphinxDocString(text, config={"template": template}))
        stream = io.StringIO()
        settings.warning_stream = stream
        parser.parse(text, new_document(name, settings))
        if stream.getvalue().strip():
            problems.append(f"{name}: {stream.getvalue().strip()[:400]}")
    assert not problems, "docstrings that the docs build (Sphinx -W) rejects:\n" + "\n".join(problems)
