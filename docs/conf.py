"""Sphinx configuration of the exactrelu documentation site.

Build (warnings are errors, as in CI)::

    sphinx-build -W --keep-going -b html docs docs/_build/html
    sphinx-build -W --keep-going -b doctest docs docs/_build/doctest

The pages are MyST Markdown (``myst_parser``); the API reference is generated from the numpydoc
docstrings by ``autosummary`` (``docs/api.rst``); the code of the tutorials runs as doctests
(``sphinx.ext.doctest``).
"""

from __future__ import annotations

import os
import sys

import matplotlib

matplotlib.use("Agg")  # tutorials and autodoc import the plot package; never open a window

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)  # proofs_checks and exactrelu from this checkout, installed or not

import exactrelu  # noqa: E402

project = "exactrelu"
author = "the exactrelu authors"
copyright = "the exactrelu authors, MIT licence"
release = exactrelu.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# MyST: ```{doctest} blocks, $...$ maths, anchors for the headings of the long pages (links such as
# references.md#karhadkar-et-al-2023)
myst_enable_extensions = ["colon_fence", "dollarmath", "deflist"]
myst_heading_anchors = 3

# autosummary: one page per public module, recursively (Sphinx's default module template)
autosummary_generate = True
autosummary_imported_members = False
autosummary_ignore_module_all = False
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
autodoc_typehints = "none"  # short signatures: the numpydoc Parameters sections give the types
autodoc_member_order = "bysource"
autodoc_mock_imports: list[str] = []

# numpydoc: no class member tables (autodoc lists the members), no validation checks (the docstrings
# follow numpydoc's sections but not every one of its style rules; the site must not be flooded)
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()
numpydoc_xref_param_type = False

# doctest: every tutorial block runs in a fresh namespace with these names
doctest_global_setup = """
import matplotlib
matplotlib.use("Agg")
from fractions import Fraction
"""
# only the ```{doctest} blocks of the tutorials run here; the `>>>` examples of the docstrings, which
# autodoc copies into the API pages, already run under pytest --doctest-modules (pyproject.toml)
doctest_test_doctest_blocks = ""

html_theme = "furo"
html_title = f"exactrelu {release}"
html_static_path: list[str] = []
html_show_sourcelink = False

nitpicky = False


# ---------------------------------------------------------------------------------------------------------
# Plain-text mathematics in the docstrings.
#
# The docstrings write mathematics as text, the way the papers' statements read in a terminal
# (``help()``, ``--help``): absolute values and cardinalities as |χ(−1)| and |S|, subscripts as d_1 and
# d_+. In reStructuredText |word| is a substitution reference and word_ is a hyperlink reference, so
# every such formula would be an error. Rather than asking every docstring to escape them (which would
# make the terminal text worse), the docstrings are escaped here, before numpydoc and docutils read
# them: outside inline literals and roles (``...``, :math:`...`), doctest blocks, literal blocks and
# math/code directives, "|" becomes "\|" and a "_" that ends a word becomes "\_". Both render as typed.
# ---------------------------------------------------------------------------------------------------------
import re  # noqa: E402

_INLINE_LITERAL = re.compile(r"(``.+?``|(?::[\w:.+-]+:)?`[^`]+`_{0,2})")
# docutils ends a reference name word_ before whitespace or - . , : ; ! ? \ / ' " ) ] } > (and the end)
_TRAILING_UNDERSCORE = re.compile(r"(?<=\w)_(?=$|[\s\-.,:;!?\\/'\")\]}>])")
_TABLE_BORDER = re.compile(r"^\s*=+( +=+)+\s*$")
_VERBATIM_DIRECTIVES = (
    "math",
    "code-block",
    "code",
    "sourcecode",
    "literalinclude",
    "doctest",
    "testcode",
    "testoutput",
    "plot",
    "parsed-literal",
    "highlight",
)


def _escape_text(text: str, *, in_table: bool = False) -> str:
    parts = _INLINE_LITERAL.split(text)
    for i in range(0, len(parts), 2):  # even parts are outside literals and roles
        if in_table:  # a simple table's columns are fixed by its borders: keep the width ("∣" = U+2223)
            parts[i] = parts[i].replace("|", "\u2223")
        else:
            parts[i] = _TRAILING_UNDERSCORE.sub(r"\\_", parts[i].replace("|", "\\|"))
    return "".join(parts)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def escape_plain_text_math(app, what, name, obj, options, lines) -> None:
    """autodoc-process-docstring: escape |...| and word_ of plain-text mathematics (see above)."""
    verbatim_indent = None  # inside a literal block or verbatim directive: the indent of its opening line
    in_doctest = False
    in_table = False  # a simple table: from a border line to a border line followed by a blank line
    for k, line in enumerate(lines):
        stripped = line.strip()
        if _TABLE_BORDER.match(line):
            in_table = not in_table or (k + 1 < len(lines) and lines[k + 1].strip() != "")
            continue
        if verbatim_indent is not None:
            if not stripped or _indent(line) > verbatim_indent:
                continue
            verbatim_indent = None
        if in_doctest:
            if stripped:
                continue
            in_doctest = False
        if stripped.startswith(">>>"):
            in_doctest = True
            continue
        directive = re.match(r"\.\.\s+([\w:-]+)::", stripped)
        if directive:
            if directive.group(1) in _VERBATIM_DIRECTIVES:
                verbatim_indent = _indent(line)
            continue  # a directive's own line (its arguments) is left as written
        if stripped.startswith(".. "):  # comments, targets, substitution definitions
            continue
        lines[k] = _escape_text(line, in_table=in_table)
        if stripped.endswith("::"):  # a paragraph introducing a literal block
            verbatim_indent = _indent(line)


def skip_type_aliases(app, what, name, obj, skip, options):
    """Type aliases such as ``Block = tuple[int, int]`` are not classes: autodoc cannot sign them."""
    import types
    import typing

    if isinstance(obj, (types.GenericAlias, typing._GenericAlias)):  # type: ignore[attr-defined]
        return True
    return None


def remove_stale_api_pages(app) -> None:
    """builder-inited, before autosummary writes docs/generated: start from an empty directory, so that
    the page of a module that was renamed or removed does not linger (Sphinx -W would fail on it as a
    document "not included in any toctree")."""
    import shutil

    shutil.rmtree(os.path.join(app.srcdir, "generated"), ignore_errors=True)


def setup(app):
    app.connect("builder-inited", remove_stale_api_pages, priority=100)  # autosummary generates at 500
    app.connect("autodoc-process-docstring", escape_plain_text_math, priority=400)  # before numpydoc (500)
    app.connect("autodoc-skip-member", skip_type_aliases)
