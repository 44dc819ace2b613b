"""The command line: argument parsing and printing only; the work is in the pipeline."""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from . import audit, bags, exports, ocfl, progress, reports, summary
from .version import __version__
from .exports import FORMATS
from .archive import TargetError
from .options import FILE_MEMORY, FILE_SECONDS, BuildOptions, UsageError
from .pipeline import ArchiveError, build_archive
from .repairs import DEFAULT_PROFILE, PROFILES
from .shards import COMPRESSIONS, parse_size
from .paths import OutputError, UnsafePath
from .validation import NotAnArchive, validate_archive, validate_path

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3
EXIT_BROKEN_PIPE = 141  # as a shell reports a command killed by SIGPIPE
MAX_JOBS = 256


EXIT_CODES = f"""exit codes:
  {EXIT_OK}    done: every input archived; the archive, bag or root is valid
  {EXIT_REJECTED}    the archive was written but some inputs were rejected; or validate found
       problems; or show found no such record
  {EXIT_USAGE}    usage: a missing path, a bad option, OUT not an archive, an invalid archive to
       append to or read, an output onto the inputs (nothing written)
  {EXIT_FAILED}    an unexpected error: one line on stderr, the traceback in a log file
  130  interrupted (Ctrl-C); the previous archive is unchanged
  {EXIT_BROKEN_PIPE}  the reader of stdout went away (| head)"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="normalize", epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Turn folders of Chinese news files into one validated JSONL archive.")
    parser.add_argument("--version", action="version", version=f"normalize {__version__}")
    parser.add_argument("--verbose", action="store_true", help="print the full traceback of an unexpected error")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="archive files and folders into OUT")
    build.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (walked recursively)")
    build.add_argument("-o", "--out", required=True, metavar="OUT", help="archive folder to write")
    build.add_argument("--jobs", type=_positive, default=1, metavar="N", help="worker processes (default 1)")
    build.add_argument("--append", action="store_true",
                       help="add to the archive at OUT: files already in it are skipped, every "
                            "record is linked again against the whole")
    build.add_argument("--drop-duplicates", action="store_true",
                       help="write only the first record of each exact and near-duplicate cluster")
    build.add_argument("--profile", choices=sorted(PROFILES), default=None,
                       help="archival (default): keep every character a reader sees; "
                            "nlp: also fold full-width letters and digits, make punctuation "
                            "between Han characters full-width, drop captions "
                            f"(default {DEFAULT_PROFILE}, or the appended archive's)")
    build.add_argument("--shard-size", type=_size, default=None, metavar="SIZE",
                       help="write documents-00000.jsonl… of at most SIZE uncompressed (e.g. 256MB)")
    build.add_argument("--compress", choices=sorted(COMPRESSIONS), default="none",
                       help="compress the shards (documents-00000.jsonl.gz / .zst)")
    build.add_argument("--file-timeout", type=_seconds, default=FILE_SECONDS, metavar="SECONDS",
                       help=f"reject a file that takes longer (default {FILE_SECONDS:g}; 0: no limit); with "
                            "--jobs 2+ or --engine dask its process is stopped if it does not stop itself")
    build.add_argument("--file-memory", type=_memory, default=FILE_MEMORY, metavar="SIZE",
                       help=f"with --jobs 2+ or --engine dask: the memory of the process reading a file "
                            f"(e.g. 4GB; default {FILE_MEMORY // 1024 ** 3} GiB; 0: no limit); a file that "
                            "needs more is rejected too_complex")
    build.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local (default): this machine's processes; dask: a Dask cluster "
                            "(pip install 'normalize[dask]'), started locally with --jobs workers "
                            "unless --scheduler names one; the archive is the same")
    build.add_argument("--scheduler", metavar="ADDRESS", default=None,
                       help="with --engine dask: the scheduler of a running cluster (tcp://host:8786)")
    build.add_argument("--format", dest="fmt", metavar="NAME", default=None,
                       help="read every input as this format instead of detecting it "
                            "(see: normalize formats); a file it cannot parse falls back to plaintext, flagged")
    build.add_argument("--quiet", action="store_true", help="print nothing but errors")
    build.add_argument("--json", action="store_true",
                       help="print the summary as one JSON object on stdout (totals, counters, this run's "
                            "rejects, time, exit code) instead of the table")
    build.add_argument("--progress", choices=progress.MODES, default="auto",
                       help="on stderr: auto (default): a bar on a terminal, else a log line every "
                            "--log-every seconds; bar; log; none")
    build.add_argument("--log-every", type=_interval, default=progress.LOG_SECONDS, metavar="SECONDS",
                       help=f"seconds between progress log lines (default {progress.LOG_SECONDS:g})")
    _ocfl_arguments(build, "then deposit OUT as the next version of an OCFL object in ROOT "
                           "(made if missing; no version if OUT equals the head)")
    check = commands.add_parser("validate", help="check an archive, a bag or an OCFL root; exit 1 on any problem")
    check.add_argument("out", metavar="OUT|BAG|ROOT",
                       help="archive folder, a bag made by package, or an OCFL storage root or object "
                            "(each object, and its head as an archive)")
    check.add_argument("--json", action="store_true", help="print the problems as JSON")
    out = commands.add_parser("export", help="export an archive for NLP: parquet, dolma, hf or jsonl")
    out.add_argument("out", metavar="OUT", help="archive folder")
    out.add_argument("--to", required=True, choices=FORMATS,
                     help="a parquet file; a Dolma folder (DEST/documents/*.jsonl.gz, one file per archive "
                          "shard) or one Dolma file (DEST ending .jsonl or .jsonl.gz); a Hugging Face "
                          "dataset folder; or the records as one JSONL file")
    out.add_argument("-o", "--dest", required=True, metavar="DEST",
                     help="file or folder as --to says; - for standard output (dolma, jsonl)")
    out.add_argument("--drop-duplicates", action="store_true", help="leave out duplicates and near duplicates")
    out.add_argument("--source", metavar="NAME",
                     help="dolma: the documents' source (default: the archive folder's name)")
    out.add_argument("--attributes", action="store_true",
                     help="dolma folder: also write blocks, flags, repairs and duplicate links as Dolma "
                          "attributes (DEST/attributes/normalize/)")
    out.add_argument("--info", action="append", default=[], metavar="KEY=VALUE",
                     help="hf: a package field for the dataset card (License=cc-by-4.0, Title=…, "
                          "Source-Organization=…), as package --info takes it; repeatable")
    out.add_argument("--bag-config", metavar="FILE", default=None,
                     help="hf: package fields from a bag config (TOML), as package takes it; --info overrides them")
    out.add_argument("--json", action="store_true", help="print what was exported as JSON")
    pack = commands.add_parser("package", help="make a BagIt bag of an archive and its originals, "
                                               "or deposit the archive as a version of an OCFL object")
    pack.add_argument("out", metavar="OUT", help="archive folder")
    pack.add_argument("--originals", nargs="+", metavar="PATH",
                      help="the files and folders the archive was built from (with -o BAG)")
    pack.add_argument("-o", "--bag", metavar="BAG", help="bag folder to make (or give --ocfl ROOT)")
    pack.add_argument("--info", action="append", default=[], metavar="KEY=VALUE",
                      help="a bag-info.txt field, e.g. Source-Organization=…; repeatable")
    pack.add_argument("--bag-profile", metavar="FILE", default=None,
                      help="a BagIt Profile (JSON) the bag must meet; checked before the bag is moved into place")
    pack.add_argument("--bag-config", metavar="FILE", default=None,
                      help="bag-info.txt defaults (TOML: Source-Organization = \"…\"); --info overrides them")
    pack.add_argument("--agent", metavar="NAME", default=None,
                      help="the person packaging, an agent of the PREMIS event log")
    _ocfl_arguments(pack, "instead of a bag: deposit OUT as the next version of an OCFL object in ROOT "
                          "(made if missing; no version if OUT equals the head)")
    back = commands.add_parser("restore", help="extract a version of an archive from an OCFL storage root")
    back.add_argument("root", metavar="ROOT", help="OCFL storage root")
    back.add_argument("--id", dest="object_id", metavar="ID",
                      help="object id (default: the root's only object)")
    back.add_argument("--version", dest="object_version", default="head", metavar="vN",
                      help="version to extract: v1, v2… (default head, the latest)")
    back.add_argument("-o", "--dest", required=True, metavar="DIR", help="folder to make (absent or empty)")
    kinds = commands.add_parser("formats", help="list the formats known (built-in and installed plugins)")
    kinds.add_argument("--explain", metavar="FILE", help="print each format's score and evidence for FILE")
    rep = commands.add_parser("report", help="write a self-contained HTML report of an archive")
    rep.add_argument("out", metavar="OUT", help="archive folder")
    rep.add_argument("-o", "--dest", required=True, metavar="FILE", help="HTML file to write, e.g. report.html")
    rep.add_argument("--sample", type=_count, default=reports.SAMPLE, metavar="N",
                     help=f"records shown with their source lines and text, spread over the archive "
                          f"(default {reports.SAMPLE})")
    rep.add_argument("--originals", metavar="DIR", help="where the source files are, if moved")
    rep.add_argument("--bag", metavar="BAG", help="a bag package made of OUT: check its fixity and show it "
                                                  "(exit 1 when it has problems; the report is still written)")
    show = commands.add_parser("show", help="print one record, its source lines and its repairs")
    show.add_argument("out", metavar="OUT", help="archive folder")
    show.add_argument("id", metavar="ID", help="record id")
    show.add_argument("--source", action="store_true", help="also print the source lines it came from")
    show.add_argument("--diff", action="store_true", help="also print the repairs made: fixes, "
                                                          "flags and a diff of source lines and text")
    show.add_argument("--originals", metavar="DIR", help="where the source files are, if moved")
    show.add_argument("--json", action="store_true",
                      help="print one JSON object: record, and source {path, warc_offset, line_start, lines} "
                           "and diff [lines] when asked")
    show.add_argument("-o", "--dest", default="-", metavar="FILE",
                      help="write to FILE instead of stdout (default -, stdout)")
    for command in commands.choices.values():  # every command's --help lists the exit codes
        command.epilog, command.formatter_class = EXIT_CODES, argparse.RawDescriptionHelpFormatter
    return parser


def _ocfl_arguments(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--ocfl", metavar="ROOT", help=what + " (pip install 'normalize[ocfl]')")
    parser.add_argument("--id", dest="object_id", metavar="ID",
                        help="with --ocfl: the object id (default urn:normalize:<name of the OUT folder>)")
    parser.add_argument("--user", metavar="NAME", help="with --ocfl: who made the version (default normalize)")
    parser.add_argument("--address", metavar="URI", help="with --ocfl: the user's address, e.g. mailto:…")


def _memory(value: str) -> int:
    """A memory size (``4GB``, ``512MB``, bytes); ``0`` for no limit."""
    return 0 if value.strip() == "0" else _size(value)


def _size(value: str) -> int:
    try:
        return parse_size(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def _positive(value: str) -> int:
    number = int(value)
    if not 1 <= number <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"must be 1 to {MAX_JOBS}")
    return number


def _interval(value: str) -> float:
    seconds = _seconds(value)
    if seconds == 0:
        raise argparse.ArgumentTypeError("must be a positive number of seconds")
    return seconds


def _seconds(value: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise argparse.ArgumentTypeError("must be a finite number of seconds, 0 for no limit")
    return number


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    command = {"build": _build, "show": _show, "validate": _validate, "package": _package,
               "export": _export, "report": _report, "formats": _formats, "restore": _restore}[args.command]
    try:
        code = command(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit where it cannot be handled
        return code
    except KeyboardInterrupt:
        print("normalize: interrupted; the previous archive, if any, is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output went away (``| head``): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return EXIT_BROKEN_PIPE
    except (OutputError, UnsafePath, NotAnArchive) as error:  # an output onto the inputs, a hostile archive
        print(f"normalize: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # noqa: BLE001 - the one place unexpected errors are reported
        return _unexpected(error, args.verbose)


def _unexpected(error: Exception, verbose: bool) -> int:
    """One line for the user, the traceback in a log file (or on stderr with --verbose)."""
    trace = traceback.format_exc()
    if verbose:
        print(trace, file=sys.stderr, end="")
        return EXIT_FAILED
    handle, log = tempfile.mkstemp(prefix="normalize-error-", suffix=".log")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(trace)
    print(f"normalize: unexpected error: {type(error).__name__}: {error}\n"
          f"normalize: the full traceback is in {log} (or run with --verbose); "
          "the previous archive, if any, is unchanged", file=sys.stderr)
    return EXIT_FAILED


def _plugin_problems() -> None:
    from .sources import PLUGIN_PROBLEMS

    for problem in PLUGIN_PROBLEMS:
        print(f"normalize: plugin {problem.name} ({problem.origin}) skipped: {problem.message}", file=sys.stderr)


def _formats(args: argparse.Namespace) -> int:
    from . import formats

    if not args.explain:
        for item in formats.known():
            print(f"{item.name:<12} {item.origin:<24} {item.summary}")
        _plugin_problems()
        return EXIT_OK
    if not os.path.lexists(args.explain):
        print(f"normalize: no such file: {args.explain}", file=sys.stderr)
        return EXIT_USAGE
    try:
        encoding, scored, detection, note = formats.explain(args.explain)
    except OSError as error:
        print(f"normalize: cannot read {args.explain}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    if detection is None:
        print(f"{args.explain}: {note}")
        return EXIT_OK
    print(f"{args.explain} ({encoding})")
    for name, score, evidence in scored:
        mark = "*" if name == detection.name else " "
        print(f"{mark} {name:<12} {score:4.2f}  {evidence}")
    chosen = f"chosen: {detection.name}"
    if detection.uncertain_against:
        chosen += f" (uncertain against {detection.uncertain_against}: flagged format_uncertain)"
    print(chosen)
    _plugin_problems()
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    _plugin_problems()
    if args.ocfl is not None:
        try:  # before the build: a root inside OUT, or no ocfl-py, is known now
            ocfl.require()
            ocfl.check_places(args.out, args.ocfl)
        except ocfl.OcflError as error:
            print(f"normalize: {error}; nothing built", file=sys.stderr)
            return EXIT_USAGE
    watcher = progress.choose(args.progress, sys.stderr, args.quiet, args.log_every)
    started = time.monotonic()
    finished = False
    try:
        options = BuildOptions(profile=args.profile, fmt=args.fmt, seconds=args.file_timeout, jobs=args.jobs,
                               engine=args.engine, scheduler=args.scheduler, shard_bytes=args.shard_size,
                               compress=args.compress, drop_duplicates=args.drop_duplicates, append=args.append,
                               memory=args.file_memory)
        manifest = build_archive(args.paths, args.out, options, progress=watcher)
        finished = True
    except (UsageError, TargetError, ArchiveError) as error:
        print(f"normalize: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        raise
    except OSError as error:
        print(f"normalize: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        watcher.close(finished)
    code = EXIT_REJECTED if manifest["totals"]["rejected"] else EXIT_OK
    this_run = manifest["inputs"][len(manifest["inputs"]) - watcher.done_files:]  # not an appended archive's
    for line in summary.reject_lines({"inputs": this_run}):
        print(line, file=sys.stderr)
    if args.json:
        if args.ocfl is not None:
            code = _deposit(args, quiet=True) or code
        report = summary.as_json(manifest, args.out, time.monotonic() - started, watcher.read, this_run, code)
        print(json.dumps(report, ensure_ascii=False))
        return code
    if not args.quiet:
        try:
            summary.print_summary(manifest, args.out, time.monotonic() - started, watcher.read, sys.stdout,
                                  appended=args.append)
            sys.stdout.flush()
        except BrokenPipeError:  # the archive is written: the build's own exit code still holds
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if args.ocfl is not None:
        return _deposit(args) or code
    return code


def _deposit(args: argparse.Namespace, quiet: bool = False) -> int:
    """Deposit OUT in the OCFL root of ``--ocfl``; print what was done (unless ``quiet``);
    the exit code."""
    try:
        done = ocfl.deposit(args.out, args.ocfl, args.object_id, user=args.user, address=args.address)
    except (ocfl.OcflError, UsageError) as error:
        print(f"normalize: {error}", file=sys.stderr)
        return EXIT_USAGE
    if quiet or getattr(args, "quiet", False):
        return EXIT_OK
    if done.added:
        print(f"OCFL object {done.object_id}: {done.version} added in {args.ocfl} ({done.path})")
    else:
        print(f"OCFL object {done.object_id}: unchanged, {args.out} equals {done.version}; nothing written")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    if not Path(args.out).is_dir():
        print(f"normalize: {args.out} is not a folder (an archive, a bag or an OCFL root)", file=sys.stderr)
        return EXIT_USAGE
    try:
        problems = validate_path(args.out)
    except ocfl.OcflError as error:
        print(f"normalize: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps({"path": str(args.out), "valid": not problems,
                          "problems": [dataclasses.asdict(p) for p in problems]}, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem)
        if not problems:
            print(f"{args.out}: valid")
    return EXIT_REJECTED if problems else EXIT_OK


def _cannot_read_into(out: str, dest: str, nothing: str) -> bool:
    """Say why an archive cannot be turned into ``dest`` (``dest`` inside it, or it is
    not a valid archive), ending with ``nothing``; False when it can."""
    if dest != "-" and Path(dest).resolve().is_relative_to(Path(out).resolve()):  # writing there would damage it
        print(f"normalize: {dest} is inside the archive {out}; {nothing}", file=sys.stderr)
        return True
    problems = validate_archive(out)
    if problems:
        print(f"normalize: {out} is not a valid archive ({problems[0]}); {nothing}", file=sys.stderr)
    return bool(problems)


def _export(args: argparse.Namespace) -> int:
    if _cannot_read_into(args.out, args.dest, "nothing exported"):
        return EXIT_USAGE
    if args.dest == "-" and args.json:
        print("normalize: --json and -o - both want standard output; give -o a file", file=sys.stderr)
        return EXIT_USAGE
    info = _info(args.info)
    if info is None:
        return EXIT_USAGE
    try:
        count, files = exports.export_files(args.out, args.to, args.dest, args.drop_duplicates,
                                            source=args.source, attributes=args.attributes, info=info,
                                            config=args.bag_config)
    except (ValueError, bags.PackageError) as error:
        print(f"normalize: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps({"exit_code": EXIT_OK, "to": args.to, "dest": args.dest, "records": count,
                          "files": files}, ensure_ascii=False))
    else:
        print(f"{count} records exported to {args.dest} ({args.to})", file=sys.stderr if args.dest == "-" else sys.stdout)
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    if _cannot_read_into(args.out, args.dest, "no report written"):
        return EXIT_USAGE
    try:
        figures = reports.write_report(args.out, args.dest, sample=args.sample, originals=args.originals,
                                       bag=args.bag)
    except OSError as error:
        print(f"normalize: cannot write {args.dest}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"report of {figures.records} records written to {args.dest}")
    if figures.fixity is not None and not figures.fixity.valid:
        print(f"normalize: the bag {args.bag} has {len(figures.fixity.problems)} fixity problems "
              f"(first: {': '.join(figures.fixity.problems[0])})", file=sys.stderr)
        return EXIT_REJECTED
    return EXIT_OK


def _info(items: list[str]) -> dict[str, str] | None:
    """``--info KEY=VALUE`` items as a dict; None (said on stderr) for one without ``=``."""
    info = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            print(f"normalize: --info wants KEY=VALUE, not {item!r}", file=sys.stderr)
            return None
        info[key.strip()] = value.strip()
    return info


def _package(args: argparse.Namespace) -> int:
    if (args.bag is None) == (args.ocfl is None):
        print("normalize: package wants -o BAG (a bag) or --ocfl ROOT (an OCFL object), one of them",
              file=sys.stderr)
        return EXIT_USAGE
    if args.ocfl is not None:
        return _package_ocfl(args)
    if not args.originals:
        print("normalize: a bag needs --originals PATH…, the files the archive was built from", file=sys.stderr)
        return EXIT_USAGE
    info = _info(args.info)
    if info is None:
        return EXIT_USAGE
    if _cannot_read_into(args.out, args.bag, "nothing packaged"):
        return EXIT_USAGE
    try:
        bag = bags.package(args.out, args.originals, args.bag, info, profile=args.bag_profile,
                              config=args.bag_config, agent=args.agent)
    except bags.PackageError as error:
        print(f"normalize: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"bag made at {bag}")
    return EXIT_OK


def _package_ocfl(args: argparse.Namespace) -> int:
    if args.originals or args.info:  # the object versions the archive alone; the bag carries the originals
        print("normalize: --originals and --info go with -o BAG; an OCFL object holds the archive folder only",
              file=sys.stderr)
        return EXIT_USAGE
    if _cannot_read_into(args.out, args.ocfl, "nothing deposited"):
        return EXIT_USAGE
    return _deposit(args)


def _restore(args: argparse.Namespace) -> int:
    try:
        object_id = args.object_id
        if object_id is None:
            found = ocfl.object_ids(args.root)
            if len(found) != 1:
                print(f"normalize: {args.root} holds {len(found)} objects; say which with --id "
                      f"({', '.join(i for i, _ in found[:5]) or 'none'})", file=sys.stderr)
                return EXIT_USAGE
            object_id = found[0][0]
        version = ocfl.restore(args.root, object_id, args.object_version, args.dest)
    except ocfl.OcflError as error:
        print(f"normalize: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{object_id} {version} restored to {args.dest}")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    try:
        options = {"source": args.source, "diff": args.diff, "originals": args.originals}
        text = (json.dumps(audit.show_json(args.out, args.id, **options), ensure_ascii=False) if args.json
                else audit.show(args.out, args.id, **options))
        if args.dest == "-":
            print(text)
        else:
            audit.write_shown(args.out, args.dest, text + "\n")
    except audit.NotFound as error:
        print(f"normalize: {error}", file=sys.stderr)
        return EXIT_REJECTED
    except BrokenPipeError:  # ``show … | head``: main() handles it
        raise
    except OSError as error:
        print(f"normalize: cannot read the archive {args.out}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
