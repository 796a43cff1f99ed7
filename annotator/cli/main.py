"""The `annotator` command: the GUI when run alone, and subcommands over the same services.

Exit codes: 0 success; 1 when something asked for was refused (a file of an import, an unknown document);
2 for usage errors and projects that cannot be opened. Bad input never ends in a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from annotator import __version__
from annotator.cli.output import ProgressBar, print_json
from annotator.core import suggestions as core_suggestions
from annotator.core.codebook_changes import Migration
from annotator.core.text import cleaning
from annotator.io.dataset import Selection
from annotator.services import (
    agreement,
    annotations,
    annotators,
    assignment,
    codebooks,
    dataset_import,
    documents,
    exporting,
    importing,
    merging,
    projects,
    stats,
    suggestions,
    team,
)
from annotator.services.errors import ServiceError
from annotator.services.exporting import FORMATS
from annotator.storage.project import Project, ProjectError, plain_reason, to_url

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _project_arg(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """--project, before the command or after it. A subcommand's own default is suppressed: otherwise its
    None would overwrite a --project given before the command (`annotator --project P list`)."""
    parser.add_argument(
        "--project",
        "-p",
        default=None if top else argparse.SUPPRESS,
        help=f"project file or SQLAlchemy URL (default: ${projects.ENV_PROJECT} or the default project)",
    )


def _mapping(values: list[str] | None) -> dict[str, str] | None:
    if not values:
        return None
    mapping = {}
    for value in values:
        attr, sep, column = value.partition("=")
        if not sep or attr not in ("text", "title", "outlet", "url", "published", "id"):
            raise argparse.ArgumentTypeError(
                f"--map takes ATTRIBUTE=COLUMN with ATTRIBUTE one of text, title, outlet, url, published, id; got {value!r}"
            )
        mapping[attr] = column
    return mapping


def _document_ids(value: str) -> tuple[int, ...]:
    """--documents 3,5,8: positive ids; anything else is a usage error named by argparse, not a traceback."""
    ids = []
    for item in _listed(value):
        if not item.isdigit() or int(item) == 0:
            raise argparse.ArgumentTypeError(f"document ids are positive whole numbers separated by commas; got {item!r}")
        ids.append(int(item))
    if not ids:
        raise argparse.ArgumentTypeError("name at least one document id")
    return tuple(ids)


def _count(value: str) -> int:
    """A number of things (--limit, --max-chars): a whole number of at least one."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number is needed; got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1; got {number}")
    return number


def _between(low: float, high: float, needed: str):
    """An argparse type for a number from `low` to `high` (NaN and infinities are refused with it)."""

    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"a number is needed; got {value!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{needed}; got {value}")
        return number

    return parse


_share = _between(0, 1, "a share from 0 to 1 is needed (0.01 is 1%)")  # --tolerance
_percent = _between(0, 100, "a percentage from 0 to 100 is needed")  # --overlap


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator", description="Annotate claims, figures and stakeholders in Chinese news."
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    _project_arg(parser, top=True)
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("gui", help="open the workbench (the default without a command)")
    _project_arg(p)

    p = sub.add_parser("init", help="create a project file (or database) with the default codebook")
    p.add_argument("target", help="path of the new .sqlite file, or a SQLAlchemy URL")

    p = sub.add_parser("import", help="import articles from files and folders")
    _project_arg(p)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--encoding", help="decode every file with this encoding (e.g. gb18030, big5, utf-16)")
    p.add_argument(
        "--clean",
        nargs="?",
        const="all",
        default=None,
        help=f"clean before storing: all, or a comma list of {', '.join(cleaning.ALL)}",
    )
    p.add_argument(
        "--format",
        choices=["jsonl", *dataset_import.FORMATS],
        help="jsonl: the native lossless format (detected by content otherwise); the others are pre-annotated "
        "datasets, imported with --as-annotator or --as-suggestions",
    )
    whose = p.add_mutually_exclusive_group()
    whose.add_argument("--as-annotator", metavar="NAME", help="a dataset's spans become this coder's work")
    whose.add_argument(
        "--as-suggestions", action="store_true", help="a dataset's spans are offered to every coder as suggestions"
    )
    p.add_argument(
        "--keep-annotators",
        action="store_true",
        help="spans whose coder the file names stay that coder's (Label Studio, our tables, doccano, QDPX, spaCy)",
    )
    p.add_argument(
        "--label",
        action="append",
        metavar="FROM=TO",
        help="a file's label to a kind (or a relation type to a link field); FROM= leaves it out",
    )
    p.add_argument("--add-kinds", action="store_true", help="add the labels the codebook lacks to it as kinds")
    p.add_argument(
        "--max-chars", type=_count, default=importing.DEFAULT_MAX_CHARS, help="longest article accepted (characters)"
    )
    p.add_argument(
        "--map", action="append", metavar="ATTR=COLUMN", help="column for text/title/outlet/url/published/id in tables"
    )
    p.add_argument("--annotator", default=None, help="name recorded in the audit log")
    p.add_argument("--json", action="store_true", help="print the per-file results as JSON")

    p = sub.add_parser("export", help="export the project")
    _project_arg(p)
    p.add_argument("--format", choices=sorted(FORMATS), default="jsonl")
    p.add_argument("--output", "-o", required=True, help="file (or folder, for csv) to write; - for standard output")
    p.add_argument("--annotators", help="comma-separated coders (default: all)")
    p.add_argument("--status", help="only documents a chosen coder marked so: done, in_progress, …")
    p.add_argument("--kinds", help="comma-separated kinds (default: all)")
    p.add_argument("--documents", type=_document_ids, help="comma-separated document ids")
    p.add_argument("--gold", action="store_true", help="only the adjudicated gold annotations")
    p.add_argument("--layer", choices=["stored", "t2s", "s2t"], default="stored", help="text as stored, or converted")

    p = sub.add_parser("list", help="list documents")
    _project_arg(p)
    p.add_argument("--search", "-s", help="full-text query, either script")
    p.add_argument("--outlet", help="only this outlet (exact name)")
    p.add_argument("--from", dest="published_from", metavar="YYYY-MM-DD", help="published on or after this day")
    p.add_argument("--to", dest="published_to", metavar="YYYY-MM-DD", help="published on or before this day")
    p.add_argument("--kind", help="only documents with annotations of this kind")
    p.add_argument("--queue", metavar="CODER", help="only the documents assigned to this coder, with their statuses")
    p.add_argument("--limit", type=_count)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("assign", help="assign the documents not yet assigned to coders, with an overlap")
    _project_arg(p)
    p.add_argument("--annotators", required=True, help="comma-separated coders")
    p.add_argument("--overlap", type=_percent, default=0, help="percent of the documents every coder gets (default 0)")
    p.add_argument("--seed", type=int, default=1, help="the shuffle's seed: the same seed assigns the same way")
    p.add_argument(
        "--documents", type=_document_ids, help="comma-separated document ids (default: every document not yet assigned)"
    )
    p.add_argument("--annotator", help="name recorded in the audit log")

    p = sub.add_parser("progress", help="each coder's queue: assigned, new, in progress, done, skipped")
    _project_arg(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="show one document with its annotations")
    _project_arg(p)
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("agreement", help="agreement between coders: spans, characters, fields, figures, links")
    _project_arg(p)
    p.add_argument("--kinds", help="comma-separated kinds (default: all)")
    p.add_argument("--annotators", help="comma-separated coders (default: every coder but the gold set)")
    p.add_argument("--tolerance", type=_share, default=agreement.TOLERANCE, help="figure values agree within this share")
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="every row as JSON")
    shape.add_argument("--csv", action="store_true", help="every row as CSV (scope, kind, field, pair, document, …)")

    p = sub.add_parser("team", help="blind mode and the project's leads")
    _project_arg(p)
    tsub = p.add_subparsers(dest="team_command")
    q = tsub.add_parser("status", help="blind mode, leads, when adjudication opened")
    q.add_argument("--json", action="store_true")
    q = tsub.add_parser("blind", help="coders see only their own work (on) or everyone's (off)")
    q.add_argument("state", choices=["on", "off"])
    q.add_argument("--annotator", required=True, help="who does it: a lead (turning it on first names you lead)")
    q = tsub.add_parser("leads", help="name the project's leads (comma-separated; they see everything)")
    q.add_argument("names")
    q.add_argument("--annotator", required=True, help="who does it: a lead")
    q = tsub.add_parser("open-adjudication", help="end blind mode for everyone, so that the gold set can be made")
    q.add_argument("--annotator", required=True, help="who does it: a lead")

    p = sub.add_parser("merge", help="bring other projects' work in (offline coders' files, native .jsonl exports)")
    _project_arg(p)
    p.add_argument("sources", nargs="+", metavar="OTHER", help="a project file or URL, or a native .jsonl export")
    p.add_argument("--annotator", help="name recorded in the audit log")
    p.add_argument("--json", action="store_true", help="each source's counts and conflicts as JSON")
    p.add_argument("--conflicts", metavar="CSV", help="also write every conflict to this CSV file")

    p = sub.add_parser("stats", help="counts of documents, annotations, statuses")
    _project_arg(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("suggest", help="the figures, stakeholders and claims the app would propose")
    _project_arg(p)
    p.add_argument("--document", type=int, action="append", help="a document id (repeat for more; default: all)")
    p.add_argument("--kinds", help="comma-separated kinds (default: figure,stakeholder,claim)")
    p.add_argument("--annotator", help="leave out what this coder annotated or rejected, and propose claimants")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("backup", help="copy the project file safely while it may be in use")
    _project_arg(p)
    p.add_argument("dest")

    p = sub.add_parser("codebook", help="export the codebook as YAML, or install an edited one")
    cbsub = p.add_subparsers(dest="codebook_command", required=True)
    q = cbsub.add_parser("export", help="write the current codebook (YAML; - for standard output)")
    _project_arg(q)
    q.add_argument("file")
    q = cbsub.add_parser("import", help="install a codebook as the next version, migrating coded values")
    _project_arg(q)
    q.add_argument("file")
    q.add_argument(
        "--rename", action="append", default=[], metavar="OLD=NEW", help="claim.type.evaluation=opinion, claim=assertion"
    )
    q.add_argument("--drop", action="append", default=[], metavar="PATH", help="delete the values of a dropped path")

    p = sub.add_parser("db", help="database maintenance")
    dbsub = p.add_subparsers(dest="db_command", required=True)
    q = dbsub.add_parser("upgrade", help="upgrade the schema (SQLite files are backed up first)")
    _project_arg(q)
    q = dbsub.add_parser("status", help="schema revision of the project")
    _project_arg(q)
    return parser


def _open(args) -> Project:
    """The project the command names (--project, $ANNOTATOR_PROJECT, else the default one).
    `db` commands see an older schema as it is, to report on it or upgrade it explicitly."""
    spec = args.project or os.environ.get(projects.ENV_PROJECT)
    if spec is None:
        return projects.open_project()
    return Project.open(spec, upgrade=args.command != "db")


def cmd_init(args) -> int:
    project = projects.init_project(args.target)
    print(f"created {project.label}")
    project.close()
    return EXIT_OK


def _labels(values: list[str] | None) -> dict[str, str | None]:
    labels = {}
    for value in values or []:
        source, sep, target = value.partition("=")
        if not sep or not source:
            raise argparse.ArgumentTypeError(f"--label takes FROM=TO (or FROM= to leave a label out); got {value!r}")
        labels[source] = target.strip() or None
    return labels


def cmd_import_dataset(args, project: Project) -> int:
    """A pre-annotated dataset: each path one file (or folder) of the format."""
    if not (args.as_annotator or args.as_suggestions or args.keep_annotators):
        print(
            f"annotator import: say whose work the {args.format} spans are: --as-annotator NAME, or --as-suggestions",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        labels = _labels(args.label)
    except argparse.ArgumentTypeError as exc:
        print(f"annotator import: {exc}", file=sys.stderr)
        return EXIT_USAGE
    options = dataset_import.Options(
        args.format, args.as_annotator, args.keep_annotators, labels, args.add_kinds, args.max_chars
    )
    importer = annotators.ensure(project, args.annotator) if args.annotator else None
    reports, failed = [], False
    for path in args.paths:
        bar = ProgressBar()
        try:
            report = dataset_import.import_dataset(
                project, path, options, annotator_id=importer, progress=None if args.json else bar
            )
        except ServiceError as exc:
            bar.clear()
            print(f"annotator import: {exc}", file=sys.stderr)
            failed = True
            continue
        except KeyboardInterrupt:
            bar.clear()
            print("interrupted: the records already reported are stored whole; re-run to continue", file=sys.stderr)
            return EXIT_REFUSED
        bar.clear()
        reports.append(report)
        if not args.json:
            _print_results(report)
    if args.json:
        print_json([r.as_dict() for r in reports])
    return EXIT_REFUSED if failed or not all(r.ok for r in reports) else EXIT_OK


def _print_results(report) -> None:
    for r in report.results:
        detected = f" [{r.encoding}, confidence {r.confidence:.2f}]" if r.encoding else ""
        print(f"{r.status:<9} {r.source}: {r.message}{detected}")
        for warning in r.warnings:
            print(f"          warning: {warning}")
    print(report.summary())


def cmd_import(args, project: Project) -> int:
    if args.format in dataset_import.FORMATS:
        return cmd_import_dataset(args, project)
    if args.as_annotator or args.as_suggestions or args.label or args.add_kinds or args.keep_annotators:
        print(
            "annotator import: --as-annotator, --as-suggestions, --label and --add-kinds are for datasets: "
            f"give --format ({', '.join(dataset_import.FORMATS)})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        steps = cleaning.parse_options(args.clean)
        mapping = _mapping(args.map)
    except (ValueError, argparse.ArgumentTypeError) as exc:
        print(f"annotator import: {exc}", file=sys.stderr)
        return EXIT_USAGE
    options = importing.Options(args.encoding, steps, args.max_chars, mapping, args.format)
    annotator_id = annotators.ensure(project, args.annotator) if args.annotator else None
    bar = ProgressBar()
    try:
        report = importing.import_paths(
            project, args.paths, options, annotator_id=annotator_id, progress=None if args.json else bar
        )
    except KeyboardInterrupt:
        bar.clear()
        print("interrupted: the documents already reported are stored whole; re-run to continue", file=sys.stderr)
        return EXIT_REFUSED
    bar.clear()
    if args.json:
        print_json(report.as_dict())
    else:
        _print_results(report)
    return EXIT_OK if report.ok else EXIT_REFUSED


def cmd_export(args, project: Project) -> int:
    selection = Selection(
        annotators=_listed(args.annotators),
        statuses=_listed(args.status),
        kinds=_listed(args.kinds),
        document_ids=args.documents,
        gold_only=args.gold,
        layer=args.layer,
    )
    try:
        if args.output == "-":
            n = exporting.write_stream(args.format, project, sys.stdout, selection)
            report = None
        else:
            report = exporting.export_to_file(project, args.output, format=args.format, selection=selection)
            n = report.documents
    except ServiceError as exc:
        print(f"annotator export: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"exported {n} document(s) to {args.output}", file=sys.stderr)
    if report is not None:
        for companion, what in report.companions:
            print(f"  and beside it {companion}: {what}", file=sys.stderr)
        for note in report.notes:
            print(f"  note: {note}", file=sys.stderr)
    return EXIT_OK


def _listed(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def cmd_assign(args, project: Project) -> int:
    try:
        ids = list(args.documents) if args.documents else None
        by = annotators.ensure(project, args.annotator) if args.annotator else None
        done = assignment.assign(
            project, coders=_listed(args.annotators), overlap=args.overlap, seed=args.seed, document_ids=ids, by=by
        )
    except (ServiceError, ValueError) as exc:
        print(f"annotator assign: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    each = ", ".join(f"{name} {n}" for name, n in done.per_coder.items())
    print(f"assigned {done.documents} document(s), {done.overlap} of them to every coder: {each} (seed {args.seed})")
    return EXIT_OK


def cmd_progress(args, project: Project) -> int:
    rows = assignment.progress(project)
    if args.json:
        print_json(rows)
        return EXIT_OK
    for r in rows:
        print(
            f"{r['coder']:<20} {r['done']:>6} of {r['assigned']:<6} done ({r['done_share']:.0%}); "
            f"{r['in_progress']} in progress, {r['new']} new, {r['skipped']} skipped"
        )
    if not rows:
        print("no documents are assigned; see annotator assign")
    return EXIT_OK


def cmd_list(args, project: Project) -> int:
    queue = None
    if args.queue:
        queue = annotators.find(project, args.queue)
        if queue is None:
            print(f"annotator list: no coder named {args.queue!r} in this project", file=sys.stderr)
            return EXIT_REFUSED
    try:
        rows = documents.list_documents(
            project,
            search=args.search,
            limit=args.limit,
            outlet=args.outlet,
            published_from=args.published_from,
            published_to=args.published_to,
            has_kind=args.kind,
            assigned_to=queue,
            annotator_id=queue,
        )
    except ServiceError as exc:
        print(f"annotator list: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    if args.json:
        print_json([r.__dict__ for r in rows])
    else:
        for r in rows:
            meta = " · ".join(
                filter(
                    None,
                    [r.outlet, r.published, r.script, f"{r.length} chars", f"{r.annotations} annotations"]
                    + ([r.status.replace("_", " ")] if queue is not None else []),
                )
            )
            print(f"{r.id:>6}  {r.title[:60]}  ({meta})")
        print(f"{len(rows)} document(s)")
    return EXIT_OK


def cmd_show(args, project: Project) -> int:
    try:
        doc = documents.get_document(project, args.id)
    except ServiceError as exc:
        print(f"annotator show: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    anns = annotations.annotations_of(project, args.id)
    statuses = documents.statuses_of(project, args.id)
    if args.json:
        print_json({**doc, "annotations": anns, "statuses": statuses})
    else:
        print(f"# {doc['title']}  (document {doc['id']}, {doc['script']}, {doc['length']} characters)")
        for key in ("outlet", "url", "published"):
            if doc[key]:
                print(f"{key}: {doc[key]}")
        prov = doc["provenance"]
        print(f"source: {prov.get('source', '')} [{prov.get('encoding', '')}]")
        if prov.get("quality"):
            print("text problems: " + ", ".join(f"{k} ×{v}" for k, v in prov["quality"].items()))
        print()
        print(doc["text"])
        print()
        for a in anns:
            print(f"[{a['start']}, {a['end']}) {a['kind']}: {a['text']!r} {a['fields']}")
        print(f"{len(anns)} annotation(s)")
    return EXIT_OK


def cmd_agreement(args, project: Project) -> int:
    try:
        report = agreement.compute(
            project, coders=_listed(args.annotators), kinds=_listed(args.kinds), tolerance=args.tolerance
        )
    except ServiceError as exc:
        print(f"annotator agreement: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    if args.json:
        print_json(report.as_dict())
    elif args.csv:
        report.write_csv(sys.stdout)
    else:
        print(f"{len(report.coders)} coder(s): {', '.join(report.coders)}; {report.documents} document(s) coded")
        for row in report.rows:
            if row.scope != "document":
                shown = "—" if row.value is None else f"{row.value:.3f}"
                where = ".".join(filter(None, [row.kind, row.field]))
                print(f"{row.scope:<6} {where:<28} {row.pair:<20} {row.metric:<26} {shown:>7}  ({row.units} units)")
    return EXIT_OK


def cmd_team(args, project: Project) -> int:
    command = getattr(args, "team_command", None) or "status"
    try:
        by = annotators.ensure(project, args.annotator) if command != "status" else None
        if command == "blind":
            team.set_blind(project, args.state == "on", by=by)
        elif command == "leads":
            team.set_leads(project, _listed(args.names), by=by)
        elif command == "open-adjudication":
            team.open_adjudication(project, by=by)
    except ServiceError as exc:
        print(f"annotator team: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    now = team.team(project)
    if getattr(args, "json", False):
        print_json(now.as_dict())
        return EXIT_OK
    print(f"blind mode: {'on' if now.blind else 'off'}")
    print(f"leads: {', '.join(now.leads) if now.leads else '(none: everyone leads)'}")
    if now.adjudication_opened:
        print(f"adjudication opened: {now.adjudication_opened}")
    return EXIT_OK


def cmd_merge(args, project: Project) -> int:
    """Exit 0 when everything merged, 1 when conflicts were listed (what is here was kept), 2 when a source
    could not be read."""
    bar = ProgressBar()
    try:
        by = annotators.ensure(project, args.annotator) if args.annotator else None
        reports = merging.merge(project, args.sources, annotator_id=by, progress=None if args.json else bar)
    except ServiceError as exc:
        bar.clear()
        print(f"annotator merge: {exc}", file=sys.stderr)
        return EXIT_USAGE
    bar.clear()
    if args.conflicts:
        merging.write_conflicts(reports, Path(args.conflicts))
    if args.json:
        print_json([r.as_dict() for r in reports])
    else:
        for report in reports:
            print(f"{report.source}: {report.summary()}")
            for c in report.conflicts:
                print(f"  conflict [{c.target}] {c.document}: {c.problem}")
    return EXIT_REFUSED if any(r.conflicts for r in reports) else EXIT_OK


def cmd_stats(args, project: Project) -> int:
    figures = stats.project_stats(project)
    if args.json:
        print_json(figures)
    else:
        charts = figures.pop("charts")
        for key, value in figures.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "none"
            print(f"{key.replace('_', ' ')}: {value}")
        for name, rows in charts.items():
            print(f"{name.replace('_', ' ')}: {len(rows)} row(s) (--json prints them)")
    return EXIT_OK


def cmd_suggest(args, project: Project) -> int:
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()] if args.kinds else None
    unknown = sorted(set(kinds or ()) - set(core_suggestions.KINDS))
    if unknown:
        print(f"annotator suggest: no suggestions for {', '.join(unknown)}", file=sys.stderr)
        return EXIT_USAGE
    annotator_id = annotators.find(project, args.annotator) if args.annotator else None
    if args.annotator and annotator_id is None:
        print(f"annotator suggest: no coder named {args.annotator!r} in this project", file=sys.stderr)
        return EXIT_REFUSED
    ids = args.document or documents.document_ids(project)
    names = suggestions.gazetteer(project)
    results = []
    for document_id in ids:
        try:
            found = suggestions.document_suggestions(
                project, annotator_id=annotator_id, document_id=document_id, kinds=kinds, names=names
            )
        except ServiceError as exc:
            print(f"annotator suggest: {exc}", file=sys.stderr)
            return EXIT_REFUSED
        results.append({"document_id": document_id, "suggestions": [s.as_dict() for s in found]})
    if args.json:
        print_json(results)
    else:
        for result in results:
            for s in result["suggestions"]:
                fields = ", ".join(f"{k}={v}" for k, v in s["fields"].items())
                print(
                    f"{result['document_id']:>6}  {s['kind']:<11} {s['start']:>6}-{s['end']:<6} {s['text'][:40]}  {fields}"
                )
        print(f"{sum(len(r['suggestions']) for r in results)} suggestion(s) in {len(results)} document(s)")
    return EXIT_OK


def cmd_backup(args, project: Project) -> int:
    dest = project.backup(args.dest)
    print(f"backed up to {dest}")
    return EXIT_OK


def cmd_codebook(args, project: Project) -> int:
    import yaml

    if args.codebook_command == "export":
        text = yaml.safe_dump(codebooks.export_definition(project), allow_unicode=True, sort_keys=False, width=120)
        if args.file == "-":
            sys.stdout.write(text)
        else:
            Path(args.file).write_text(text, encoding="utf-8")
            print(f"codebook written to {args.file}", file=sys.stderr)
        return EXIT_OK
    try:
        definition = yaml.safe_load(Path(args.file).read_text(encoding="utf-8"))
        migration = Migration.parse(args.rename, args.drop)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        print(f"annotator codebook: cannot read {args.file}: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except ValueError as exc:
        print(f"annotator codebook: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        changes = codebooks.change(project, definition, annotator_id=None, migration=migration)
    except codebooks.CodebookConflict as exc:
        print("annotator codebook: not installed; the new codebook would orphan coded values:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem.text}  (--drop {problem.path})", file=sys.stderr)
        print("Say what becomes of them: --rename OLD=NEW, or --drop PATH to delete them.", file=sys.stderr)
        return EXIT_REFUSED
    except ServiceError as exc:
        print(f"annotator codebook: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    for warning in changes.first("codebook").get("warnings", []):
        print(f"annotator codebook: {warning}", file=sys.stderr)
    row = changes.first("codebook")
    print(
        f"codebook version {row['version']} installed: {row['annotations_changed']} annotation(s) changed, "
        f"{row['annotations_deleted']} deleted, {row['documents_changed']} document(s) changed"
    )
    return EXIT_OK


def cmd_db(args, project: Project) -> int:
    if args.db_command == "upgrade":
        backup = project.upgrade()
        print(
            f"{project.label}: upgraded to schema {project.current_revision()}" + (f" (backup: {backup})" if backup else "")
        )
    else:
        print(f"{project.label}: schema {project.current_revision()}")
    return EXIT_OK


def cmd_gui(args) -> int:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        print(
            "annotator: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open.\n"
            "  On a machine without a screen, start it on a virtual one:  xvfb-run -a annotator\n"
            "  or use the command line:  annotator --help",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from annotator.gui.app import run

    return run(args.project)


COMMANDS = {"gui": cmd_gui, "init": cmd_init}  # these open (or create) the project themselves
PROJECT_COMMANDS = {
    "import": cmd_import,
    "export": cmd_export,
    "codebook": cmd_codebook,
    "list": cmd_list,
    "show": cmd_show,
    "stats": cmd_stats,
    "agreement": cmd_agreement,
    "assign": cmd_assign,
    "merge": cmd_merge,
    "team": cmd_team,
    "progress": cmd_progress,
    "suggest": cmd_suggest,
    "backup": cmd_backup,
    "db": cmd_db,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    name = args.command or "gui"
    try:
        if name in COMMANDS:
            return COMMANDS[name](args)
        project = _open(args)
        try:
            return PROJECT_COMMANDS[name](args, project)
        finally:
            project.close()
    except ProjectError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ServiceError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        reason = plain_reason(exc, _where(args))
        if reason is None:
            if not isinstance(exc, OSError):
                raise
            reason = str(exc)  # a file of the user's that cannot be read or written: its name and why
        print(f"annotator: {reason}", file=sys.stderr)
        return EXIT_USAGE


def _where(args) -> str:
    """The project as the user named it, a URL without its password."""
    spec = getattr(args, "project", None) or os.environ.get(projects.ENV_PROJECT)
    if spec is None:
        return "the default project"
    return make_url(to_url(spec)).render_as_string(hide_password=True) if "://" in spec else spec
