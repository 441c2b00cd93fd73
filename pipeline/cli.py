"""`cchc` command line: ingest, eval, export, sql, review.

Exit status of `cchc ingest`: 0 every report loaded (or unchanged), 1 some files failed (the
others are loaded), 2 the run could not start (bad arguments; the warehouse locked, unreadable or not
writable: a full disk, a read-only folder), 130 stopped by Ctrl-C (what was stored stays).
"""
from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from warehouse.store import Warehouse, WarehouseError

EXIT_OK, EXIT_SOME_FAILED, EXIT_CANNOT_RUN, EXIT_INTERRUPTED = 0, 1, 2, 130


def _cmd_ingest(args: argparse.Namespace) -> int:
    # the pipeline (rules, gazetteer, underthesea) is imported by the commands that read reports only
    from tqdm import tqdm

    from pipeline.ingest import SettingError, ingest
    # a link counts as given even when it dangles or loops: that is its own failed line
    missing = [p for p in args.paths if not os.path.lexists(p)]
    if missing:
        print(f"cchc ingest: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    if args.report:
        from warehouse.report import ReportError, check_target
        try:
            check_target(Path(args.report))
        except ReportError as exc:
            print(f"cchc ingest: {exc}", file=sys.stderr)
            return EXIT_CANNOT_RUN
    started = datetime.now()
    show = sys.stderr.isatty() and not args.quiet
    progress = (lambda xs: tqdm(xs, desc="ingest", unit="file", file=sys.stderr)) if show else (lambda xs: xs)
    # each file's line as soon as it is stored, above the progress bar
    say = _output((lambda line: tqdm.write(line, file=sys.stdout)) if show else (lambda line: print(line, flush=True)))
    try:
        outcomes = ingest(args.paths, args.db, force=args.force, progress=progress,
                          on_outcome=lambda o: _print_outcome(o, args.quiet, say))
    except (WarehouseError, SettingError) as exc:
        print(f"cchc ingest: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        print("cchc ingest: stopped (Ctrl-C); what was stored before stays, run again to go on", file=sys.stderr)
        return EXIT_INTERRUPTED
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    total_facts = sum(o.facts for o in outcomes)
    say(f"{len(outcomes)} files: {counts.get('loaded', 0)} loaded ({total_facts} facts), "
        f"{counts.get('unchanged', 0)} unchanged, "
        + (f"{counts['copy']} copies of loaded files, " if counts.get("copy") else "")
        + f"{counts.get('failed', 0)} failed, "
        f"{counts.get('skipped', 0)} skipped"
        + (f", {counts['missing']} missing (gone from their folders)" if counts.get("missing") else "")
        + (f", {counts['interrupted']} not read (stopped by Ctrl-C)" if counts.get("interrupted") else "")
        + f" -> {args.db}")
    if args.report and not _write_report(outcomes, args.db, Path(args.report), started):
        return EXIT_CANNOT_RUN
    if counts.get("interrupted"):
        return EXIT_INTERRUPTED
    return EXIT_SOME_FAILED if counts.get("failed") else EXIT_OK


def _output(write):
    """Lines to the terminal or a pipe; when whoever reads them has gone (`cchc ingest … | head`),
    the rest go nowhere and the run goes on: every file is still read and stored."""
    closed = False

    def say(line: str) -> None:
        nonlocal closed
        if closed:
            return
        try:
            write(line)
        except BrokenPipeError:
            closed = True
            # stdout now points at /dev/null, so that Python's own flush at exit does not fail either
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return say


def _write_report(outcomes, db: str, path: Path, started: datetime) -> bool:
    """The run's files with what the warehouse holds for each, read-only after the run."""
    from xlsxwriter.exceptions import FileCreateError

    from warehouse.export import load_labels
    from warehouse.report import report_rows, write_report
    labels = load_labels()
    try:
        with Warehouse(db, read_only=True) as wh:
            rows = report_rows(wh.con, outcomes, labels)
        write_report(rows, path, started, labels)
    except (WarehouseError, OSError, FileCreateError) as exc:
        print(f"cchc ingest: cannot write the report {path}: {getattr(exc, 'strerror', None) or exc}",
              file=sys.stderr)
        return False
    print(f"report: {len(rows)} files -> {path}")
    return True


def _print_outcome(o, quiet: bool, say) -> None:
    if o.status == "failed":
        say(f"FAILED   {o.path}: {o.reason}")
    elif o.status == "skipped":
        say(f"skipped  {o.path}: {o.reason}")
    elif o.status == "interrupted":
        return                                   # counted in the summary
    elif not quiet:
        say(f"{o.status:8} {o.path}" + (f" ({o.facts} facts)" if o.status == "loaded" else "")
            + (f": {o.recognised}" if o.recognised else "")
            + (f" ({o.reason})" if o.status == "copy" else ""))
    for w in o.warnings:
        say(f"WARNING  {o.path}: {w}")


def _cmd_eval(args: argparse.Namespace) -> int:
    from pipeline.evaluate import SUMMARY_HEADER, evaluate, load_gold, predicted_spans, report, summarize
    corpora = [(Path(g).parent.name + "/" + Path(g).name, load_gold(g)) for g in args.gold or ["tests/data/gold"]]
    empty = [name for name, gold in corpora if not gold]
    if empty:
        print(f"cchc eval: no *.gold.jsonl files in {', '.join(empty)}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    try:
        with Warehouse(args.db, read_only=True) as wh:
            spans = wh.fact_spans_with_context()
            texts = wh.texts()
    except WarehouseError as exc:
        print(f"cchc eval: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN

    pred = predicted_spans(spans, texts)
    missing = sorted({g.doc for _, gold in corpora for g in gold} - set(texts))
    if missing:
        print(f"cchc eval: not in the warehouse (ingest them first): {', '.join(missing)}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    summaries = []
    for name, gold in corpora:
        scores = evaluate(pred, gold)
        if len(corpora) > 1:
            print(f"\n===== {name} =====")
        print(report(scores, texts, show=args.show))
        summaries.append(summarize(name, scores))
    print("\n" + SUMMARY_HEADER)
    for s in summaries:
        print(s.line())
    return EXIT_OK


EXPORT_MEMORY = "400MB"


def _no_warehouse(command: str, db: str) -> bool:
    """A reader asked for a warehouse that is not there: said with what to run first."""
    if Path(db).exists():
        return False
    print(f"cchc {command}: no warehouse at {db}; run `make ingest` (or `cchc ingest`) first", file=sys.stderr)
    return True


def _cmd_export(args: argparse.Namespace) -> int:
    from warehouse.export import ExportError, by_indicator, by_period, write_csv, write_xlsx
    from warehouse.parquet import ParquetError, write_parquet
    if (args.indicator is not None and args.period is not None) or (
            args.indicator is None and args.period is None and args.parquet is None):
        print("cchc export: give --indicator ID (units × periods) or --period LABEL (units × indicators), "
              "and/or --parquet DIR (documents and facts for other engines)", file=sys.stderr)
        return EXIT_CANNOT_RUN
    if _no_warehouse("export", args.db):
        return EXIT_CANNOT_RUN
    export = None
    try:
        # read-only when its views are current (others may be reading it); buffers capped, an
        # export is a small result (Parquet is streamed to disk by DuckDB within the same cap)
        with Warehouse.for_reading(args.db, memory_limit=EXPORT_MEMORY) as wh:
            if args.indicator or args.period:
                export = by_indicator(wh.con, args.indicator) if args.indicator else by_period(wh.con, args.period)
            if args.parquet:
                counts = write_parquet(wh.con, Path(args.parquet), overwrite=args.overwrite)
                print(f"Parquet: {counts.get('documents', 0)} documents, {counts.get('facts', 0)} facts, "
                      f"partitioned by province and year -> {args.parquet}")
    except (WarehouseError, ExportError, ParquetError) as exc:
        print(f"cchc export: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    if export is None:
        return EXIT_OK
    from xlsxwriter.exceptions import FileCreateError
    out = Path(args.out_dir)
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        if args.format in ("xlsx", "both"):
            written.append(out / f"{export.name}.xlsx")
            write_xlsx(export, written[-1])
        if args.format in ("csv", "both"):
            written.append(out / f"{export.name}.csv")
            write_csv(export.comparison, written[-1], decimal_comma=not args.decimal_point)
    except (OSError, FileCreateError) as exc:
        print(f"cchc export: cannot write {written[-1] if written else out}: "
              f"{getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    units = len(export.comparison)
    print(f"{export.title}: {units} units, {len(export.facts)} facts, {len(export.flags)} flags -> "
          + ", ".join(map(str, written)))
    return EXIT_OK


SQL_MEMORY = "1GB"


def _cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.query import table_names, view_catalog
    if args.query is None:
        print("Views (one SQL file each in sql/; `cchc sql \"SELECT * FROM <view> LIMIT 5\"`):")
        views = view_catalog()
        width = max(len(v.name) for v in views)
        for v in views:
            print(f"  {v.name:<{width}}  {v.meaning}")
        print(f"Tables (sql/schema.sql): {', '.join(table_names())}")
        return EXIT_OK
    if _no_warehouse("sql", args.db):
        return EXIT_CANNOT_RUN
    try:
        with Warehouse.for_reading(args.db, memory_limit=SQL_MEMORY) as wh:
            rel = wh.con.sql(args.query)
            if rel is None:
                print("cchc sql: the statement returns no rows (the warehouse is opened read-only for queries)",
                      file=sys.stderr)
                return EXIT_CANNOT_RUN
            if args.xlsx or args.csv:
                from warehouse.export import write_csv, write_frame_xlsx
                frame = rel.df()
                if args.xlsx:
                    write_frame_xlsx(frame, Path(args.xlsx))
                if args.csv:
                    write_csv(frame, Path(args.csv), decimal_comma=not args.decimal_point)
                print(f"{len(frame)} rows -> " + ", ".join(p for p in (args.xlsx, args.csv) if p))
            else:
                rel.show(max_rows=args.max_rows, max_width=args.max_width)
    except WarehouseError as exc:
        print(f"cchc sql: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except duckdb.Error as exc:
        print(f"cchc sql: {str(exc).strip()}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except OSError as exc:                       # the output file: a full disk, a missing folder
        print(f"cchc sql: cannot write {exc.filename or args.xlsx or args.csv}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_CANNOT_RUN
    return EXIT_OK


def _cmd_review(args: argparse.Namespace) -> int:
    if _no_warehouse("review", args.db):
        return EXIT_CANNOT_RUN
    try:
        # views brought up to date now (a read-write open once), so that pages open it read-only
        Warehouse.for_reading(args.db).close()
    except WarehouseError as exc:
        print(f"cchc review: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    from review.server import serve
    try:
        serve(args.db, args.port, ready=lambda url: print(f"cchc review: {url} (Ctrl-C to stop)", flush=True))
    except OSError as exc:          # the port is taken, or not ours to bind
        print(f"cchc review: cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}; "
              f"choose another with --port", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        print("cchc review: stopped", file=sys.stderr)
    return EXIT_OK


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535; 0 takes a free one)")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cchc", description="Vietnamese CCHC report metrics pipeline")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="extract facts from reports into the warehouse")
    p.add_argument("paths", nargs="*", default=["samples"], help="report files or folders (default: samples)")
    p.add_argument("--db", default="warehouse.duckdb", help="DuckDB warehouse file (default: warehouse.duckdb)")
    p.add_argument("--force", action="store_true", help="re-extract files even when unchanged")
    p.add_argument("-q", "--quiet", action="store_true", help="print only failures and the summary")
    p.add_argument("--report", metavar="FILE",
                   help="write every file of this run with unit, document, period, facts, flags, outcome and "
                        "reason to FILE (.xlsx or .html), to send back to the units that reported")
    p.set_defaults(func=_cmd_ingest)
    e = sub.add_parser("eval", help="score the warehouse's fact_spans against gold facts")
    e.add_argument("--db", default="warehouse.duckdb")
    e.add_argument("--gold", action="append",
                   help="folder of <doc>.gold.jsonl files, one corpus each (repeatable; default tests/data/gold)")
    e.add_argument("--show", type=int, default=40, help="how many misses/spurious facts to list")
    e.set_defaults(func=_cmd_eval)
    x = sub.add_parser("export", help="write a comparison across units to .xlsx and .csv")
    x.add_argument("--indicator", help="one indicator across units and periods, e.g. dossier.in_time_rate")
    x.add_argument("--period", help="all indicators across units for one period, e.g. 2025-Q1")
    x.add_argument("--db", default="warehouse.duckdb")
    x.add_argument("--out-dir", default="exports", help="folder for the files (default: exports)")
    x.add_argument("--format", choices=["xlsx", "csv", "both"], default="both")
    x.add_argument("--decimal-comma", action="store_true",
                   help="CSV with decimal comma and ';' between fields, as Excel opens it under a Vietnamese "
                        "locale (the default; kept for scripts that ask for it)")
    x.add_argument("--decimal-point", action="store_true", help="CSV with ',' between fields and a decimal point")
    x.add_argument("--parquet", metavar="DIR",
                   help="also (or only) write documents and facts as Parquet, partitioned by province and year")
    x.add_argument("--overwrite", action="store_true", help="replace an existing --parquet folder")
    x.set_defaults(func=_cmd_export)
    q = sub.add_parser("sql", help="run a query on the warehouse (no query: list the views)")
    q.add_argument("query", nargs="?", help='e.g. "SELECT * FROM unit_comparison LIMIT 10"')
    q.add_argument("--db", default="warehouse.duckdb")
    q.add_argument("--xlsx", metavar="FILE", help="write the rows to an Excel file instead of printing them")
    q.add_argument("--csv", metavar="FILE",
                   help="write the rows to a CSV file (';' and decimal comma, as Excel under a Vietnamese locale)")
    q.add_argument("--decimal-point", action="store_true", help="CSV with ',' between fields and a decimal point")
    q.add_argument("--max-rows", type=int, default=40, help="rows printed (default 40)")
    q.add_argument("--max-width", type=int, default=None, help="characters per printed line (default: the terminal's)")
    q.set_defaults(func=_cmd_sql)
    r = sub.add_parser("review", help="check facts in the browser: accept, correct or reject (local page)")
    r.add_argument("--db", default="warehouse.duckdb")
    r.add_argument("--port", type=_port, default=8765, help="port on 127.0.0.1 (default 8765; 0: any free port)")
    r.set_defaults(func=_cmd_review)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
