"""Content-addressed cache of parsed HCL files, filled by worker processes.

A file's parse result depends only on its bytes, its kind (``.tf`` or
``.tf.json``) and the parser's code, so the cache key is a SHA-256 over those.
The parser fingerprint hashes iacsim's HCL front end and the python-hcl2
version: editing the parser invalidates every entry without any version bump.

Entries are pickles of iacsim's own AST (frozen dataclasses) in the user's
cache directory (``$IACSIM_CACHE_DIR`` or ``~/.cache/iacsim``), never inside
the scanned repository. A corrupt or unreadable entry is treated as a miss.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from iacsim.bounds import Limits
from iacsim.load import deadline
from iacsim.load.containment import Roots
from iacsim.load.isolate import WORKER_CODE, Stopped, WorkerLimits, file_size, run_isolated
from iacsim.load.limits import (
    TOO_DEEP,
    LimitExceeded,
    check_hcl_depth,
    check_json_depth,
    check_size,
    decode_text,
)

PARALLEL_THRESHOLD = 24
"""Below this many files to parse, a process pool costs more than it saves."""


def default_cache_dir() -> Path:
    env = os.environ.get("IACSIM_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "iacsim"


@functools.lru_cache(maxsize=1)
def parser_fingerprint() -> str:
    from iacsim.load import hcl

    h = hashlib.sha256()
    pkg_dir = Path(hcl.__file__).parent
    for src in sorted(pkg_dir.rglob("*.py")):
        h.update(src.relative_to(pkg_dir).as_posix().encode())
        h.update(src.read_bytes())
    h.update(metadata.version("python-hcl2").encode())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class ParseFailure:
    """A picklable stand-in for ``HclSyntaxError`` crossing process boundaries."""

    filename: str
    line: int
    column: int
    message: str
    code: str = "parse-error"
    """``worker-failed`` or ``scan-timeout`` when the file was not parsed at all (never cached)."""

    @classmethod
    def of(cls, filename: str, exc: LimitExceeded) -> ParseFailure:
        return cls(filename, exc.line, 0, exc.message, exc.code)


def parse_bytes(filename: str, data: bytes, limits: Limits | None = None) -> Any:
    """Parse one file; returns the AST or a :class:`ParseFailure` (never raises for bad input)."""
    from iacsim.load.hcl import HclSyntaxError, parse_file

    limits = limits or Limits()
    try:
        text = decode_text(data)
        # the front end recurses per nesting level: refuse absurd nesting before it starts
        (check_json_depth if filename.endswith(".json") else check_hcl_depth)(text, limits)
    except LimitExceeded as exc:
        return ParseFailure.of(filename, exc)
    try:
        return parse_file(filename, text)
    except HclSyntaxError as exc:
        return ParseFailure(filename, exc.line, exc.column, exc.message)
    except RecursionError:  # nesting the bracket check cannot see (inside ${…}, operator chains)
        return ParseFailure(filename, 1, 0, "expression nesting too deep to parse", TOO_DEEP)


def _parse_job(job: tuple[str, str, Limits]) -> tuple[str, Any]:
    path, display, limits = job
    return path, parse_bytes(display, Path(path).read_bytes(), limits)


class ParsedFiles:
    """Parsed HCL files for one scan: warmed in parallel, served from memory.

    Call the instance with a path to get its AST; a syntax error is re-raised
    as ``HclSyntaxError`` so loaders handle one exception type.
    """

    def __init__(self, display: Callable[[Path], str], cache_dir: Path | None, workers: int | None = None,
                 limits: Limits | None = None, roots: Roots | None = None,
                 worker_limits: WorkerLimits | None = None, isolate_above: int | None = None) -> None:
        self._display = display
        self._cache_dir = cache_dir
        self._workers = workers
        self._limits = limits or Limits()
        self._roots = roots or Roots()
        self._worker_limits = worker_limits or WorkerLimits(60.0, 1024)
        """Wall-clock and memory ceiling of one isolated parse."""
        self._isolate_above = isolate_above
        """Files of at least this many bytes are parsed in an isolated worker (None: never)."""
        self._results: dict[Path, Any] = {}
        self.hits = 0
        self.misses = 0

    def _key(self, display: str, data: bytes) -> str:
        h = hashlib.sha256(parser_fingerprint().encode())
        h.update(repr(self._limits).encode())  # a limit hit is cached like any parse result
        h.update(b"json" if display.endswith(".json") else b"hcl")
        h.update(data)
        return h.hexdigest()

    def _entry(self, key: str) -> Path:
        assert self._cache_dir is not None
        return self._cache_dir / "parse" / key[:2] / f"{key}.pickle"

    def _read_cache(self, key: str) -> Any:
        try:
            with self._entry(key).open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # missing, truncated or from an incompatible version: a miss
            return None

    def _write_cache(self, key: str, value: Any) -> None:
        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)  # atomic: concurrent scans never see half an entry
        except OSError:
            pass  # a read-only or full cache dir only costs speed

    def warm(self, paths: Iterable[Path], progress: Callable[[int], None] | None = None) -> None:
        todo: list[tuple[Path, str, str | None]] = []
        for path in paths:
            if path in self._results:
                continue
            if deadline.expired():
                self._results[path] = ParseFailure(self._display(path), 1, 0, "not parsed: the scan timed out",
                                                   deadline.TIMEOUT_CODE)
                continue
            try:
                self._roots.resolve(path, self._display(path))
                check_size(path, self._limits)
                data = path.read_bytes()
            except LimitExceeded as exc:
                self._results[path] = ParseFailure.of(self._display(path), exc)
                continue
            except OSError as exc:
                self._results[path] = ParseFailure(self._display(path), 1, 0, f"cannot read file: {exc.strerror}")
                continue
            key = self._key(self._display(path), data) if self._cache_dir else None
            cached = self._read_cache(key) if key else None
            if cached is not None:
                self.hits += 1
                self._results[path] = cached
                if progress:
                    progress(1)
            else:
                todo.append((path, self._display(path), key))
        self.misses += len(todo)
        big = [t for t in todo if self._isolated(t[0])]
        if big:
            todo = [t for t in todo if t not in big]
            self._store(big, map(self._parse_isolated, [(str(p), d, self._limits) for p, d, _ in big]), progress)
        jobs = [(str(p), d, self._limits) for p, d, _ in todo]
        if len(todo) >= PARALLEL_THRESHOLD and (self._workers or os.cpu_count() or 1) > 1:
            try:
                with ProcessPoolExecutor(max_workers=self._workers) as pool:
                    results = list(pool.map(_parse_job, jobs, chunksize=max(1, len(jobs) // 64)))
            except BrokenProcessPool:
                # a worker died (out of memory, killed): find the file that did it, one worker per file
                results = [self._parse_isolated(job) for job in jobs]
            self._store(todo, results, progress)
        else:
            self._store(todo, map(_parse_job, jobs), progress)

    def _isolated(self, path: Path) -> bool:
        return self._isolate_above is not None and file_size(str(path)) >= self._isolate_above

    def _parse_isolated(self, job: tuple[str, str, Limits]) -> tuple[str, Any]:
        from iacsim.load.scan_limits import within_deadline

        value = run_isolated(_parse_job, job, within_deadline(self._worker_limits))
        if isinstance(value, Stopped):
            return job[0], ParseFailure(job[1], 1, 0, f"not parsed: {value.reason}", WORKER_CODE)
        return value  # type: ignore[no-any-return]

    def _store(self, todo: list[tuple[Path, str, str | None]], results: Iterable[tuple[str, Any]],
               progress: Callable[[int], None] | None) -> None:
        for (path, _display, key), (_p, value) in zip(todo, results, strict=True):
            self._results[path] = value
            if key and not (isinstance(value, ParseFailure) and value.code != "parse-error"):
                self._write_cache(key, value)
            if progress:
                progress(1)

    def __call__(self, path: Path) -> Any:
        from iacsim.load.hcl import HclSyntaxError

        value = self._results.get(path)
        if value is None:
            # resolve() is a syscall per path component: only pay it on a miss
            path = path.resolve()
            if path not in self._results:
                self.warm([path])
            value = self._results[path]
        if isinstance(value, ParseFailure):
            raise HclSyntaxError(value.filename, value.line, value.column, value.message, value.code)
        return value
