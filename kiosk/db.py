"""The database: engines with safe SQLite settings, sessions per action, migrations, backups."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from kiosk.errors import RegisterDamaged
from kiosk.faults import RESTORE, damaged

BUSY_TIMEOUT_MS = 10_000

T = TypeVar("T")


class Writer(Protocol):
    """Runs a function on the process's one writer thread and returns what it returned."""

    def __call__(self, fn: Callable[[], T], /) -> T: ...


def _inline(fn: Callable[[], T], /) -> T:
    return fn()


def _create_private(path: Path) -> bool:
    """Create a missing database file readable by its owner only, in a folder made 0700 if missing.

    The register holds personal data (PDPA). SQLite gives its ``-wal`` and ``-shm`` files the
    database file's permissions; an existing file or folder is left as it is. Returns whether
    the file was created here.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return False
    return True


def _open_register_file(path: Path) -> None:
    """Create a new register file, or refuse an existing one that is empty.

    A new file gets its SQLite header at once (WAL mode is written into it), so a 0-byte
    register can only be one that was emptied or truncated: taken for a new register, it would
    restart numbering at A001 and sync as if nothing had happened. It is refused instead.
    """
    if _create_private(path):
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
        return
    with contextlib.suppress(OSError):  # unreadable: SQLite says so when it opens the file
        if path.is_file() and path.stat().st_size == 0:
            raise RegisterDamaged(
                "register.empty",
                "ฐานข้อมูลทะเบียนว่างเปล่า กรุณาติดต่อผู้ดูแลระบบ",
                f"the register {path} is empty (0 bytes: emptied or truncated, not a new register): "
                f"{RESTORE}; to start a new register on purpose, delete the file",
            )


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine; for SQLite: WAL, ``synchronous=FULL``, foreign keys, and writers that queue.

    pysqlite opens transactions lazily, so a read that later writes can fail with
    SQLITE_BUSY instead of waiting. We take over BEGIN and start every transaction with
    ``BEGIN IMMEDIATE`` unless the connection asks for ``sqlite_begin="DEFERRED"``
    (SQLAlchemy's "Serializable isolation / Savepoints / Transactional DDL" recipe).
    """
    sa_url = make_url(url)
    if sa_url.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(sa_url, **kwargs)
    if sa_url.database and sa_url.database != ":memory:" and not sa_url.database.startswith("file:"):
        _open_register_file(Path(sa_url.database))
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("timeout", BUSY_TIMEOUT_MS / 1000)
    connect_args.setdefault("check_same_thread", False)
    engine = create_engine(sa_url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        # Straight to the driver: a statement through SQLAlchemy costs more than SQLite takes to begin.
        conn.connection.driver_connection.execute(f"BEGIN {mode}")

    return engine


class Database:
    """One engine and two session factories: ``write()`` for changes, ``read()`` for queries.

    Use one session per user action: ``with db.write() as session: register_visit(session, …)``.
    """

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        read_engine = self.engine.execution_options(sqlite_begin="DEFERRED") if self.is_sqlite else self.engine
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(read_engine, expire_on_commit=False)
        self._owns_engine = True
        self._joined: Connection | None = None
        self._writer: Writer = _inline

    @classmethod
    def joined(cls, connection: Connection) -> Database:
        """A Database whose sessions run inside ``connection``'s open transaction, each in a SAVEPOINT.

        For tests (SQLAlchemy's "Joining a Session into an External Transaction" recipe): a
        session's commit releases its savepoint, its rollback returns to it, and the caller
        rolls the outer transaction back afterwards, so nothing a test writes is kept.
        ``dispose()`` leaves the connection and its engine to the caller.
        """
        if not connection.in_transaction():
            raise ValueError("begin a transaction on the connection first")
        database = cls.__new__(cls)
        database.url = connection.engine.url.render_as_string(hide_password=False)
        database.engine = connection.engine
        database.is_sqlite = connection.dialect.name == "sqlite"
        database._write = sessionmaker(connection, expire_on_commit=False, join_transaction_mode="create_savepoint")
        database._read = database._write
        database._owns_engine = False
        database._joined = connection
        database._writer = _inline
        return database

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction commits at the end of the block, or rolls back on error."""
        with self._write.begin() as session:
            yield session

    @contextlib.contextmanager
    def write_core(self) -> Iterator[Connection]:
        """Like :meth:`write` on a plain Connection, for a hot path of Core statements.

        A Session's own bookkeeping (its transaction, the connection it takes and gives back,
        its identity map) costs about 75 µs a transaction here, more than a Connection's.
        """
        if self._joined is not None:
            with self._joined.begin_nested():
                yield self._joined
            return
        with self.engine.begin() as connection:
            yield connection

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries only; it never holds the write lock."""
        with self._read() as session, session.begin():
            yield session

    def route_writes(self, writer: Writer | None) -> None:
        """Send :meth:`on_writer` work to ``writer`` (the kiosk's database worker); None: run it in place.

        A process with one SQLite writer thread (the touchscreen) routes here, so that a sync on
        the network worker or a slip on the printer worker never writes from its own thread.
        """
        self._writer = writer or _inline

    def on_writer(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the writer (in place unless :meth:`route_writes` said otherwise)."""
        return self._writer(fn)

    def write_with(self, fn: Callable[[Session], T]) -> T:
        """One short write transaction on the writer: ``fn(session)``, committed, its result returned."""

        def work() -> T:
            with self.write() as session:
                return fn(session)

        return self._writer(work)

    def write_core_with(self, fn: Callable[[Connection], T]) -> T:
        """:meth:`write_with` on a plain Connection (:meth:`write_core`)."""

        def work() -> T:
            with self.write_core() as connection:
                return fn(connection)

        return self._writer(work)

    def dispose(self) -> None:
        if self._owns_engine:
            self.engine.dispose()


# Statements sent straight to the driver ----------------------------------------------------


class DriverStatement:
    """A Core statement compiled once for a dialect and sent to the driver's cursor, for a hot path.

    ``Connection.execute`` costs SQLAlchemy 60–100 µs a statement (its cache key, an execution
    context, a result), more than SQLite takes to run a small one. Here the SQL is rendered once
    and only the values are converted at each run, by the very bind processors of the columns'
    types that ``Connection.execute`` would use (the same SQL and parameters reach the driver),
    and rows come back through the types' result processors. No engine event fires for it and
    a failure is the driver's own error (``sqlite3.Error``, ``psycopg.Error``), not SQLAlchemy's.
    Only plain statements: no expanding ``IN`` lists, and no column left to its Python-side default
    (an INSERT names its columns with ``column_keys`` and is given a value for every one).
    """

    def __init__(self, statement: ClauseElement, dialect: Dialect, *, column_keys: Sequence[str] | None = None) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=list(column_keys) if column_keys else None)
        assert isinstance(compiled, SQLCompiler)
        missing = [column.key for column in (*compiled.insert_prefetch, *compiled.update_prefetch)]
        if missing:  # Connection.execute would compute their defaults at each run; here nobody would
            raise ValueError(f"give every column a value: {missing} would take their defaults")
        self.sql = compiled.string
        self._positional = compiled.positional
        names = compiled.positiontup if compiled.positional else list(dict.fromkeys(compiled.bind_names.values()))
        assert names is not None
        self._binds: list[tuple[str, str | None, Any, Callable[[Any], Any] | None]] = []
        for name in names:
            bind = compiled.binds[name]
            key = bind.key if bind.required else None  # None: a value fixed in the statement
            fixed = None if bind.required else bind.effective_value
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            self._binds.append((compiled.escaped_bind_names.get(name, name), key, fixed, process))
        returned = getattr(statement, "exported_columns", ())
        self._columns = [column.type.dialect_impl(dialect).result_processor(dialect, None) for column in returned]
        self._convert_rows = any(self._columns)

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        """What the driver is given for ``values`` (by bind name), in the driver's parameter style."""
        converted = []
        for _name, key, fixed, process in self._binds:
            value = values[key] if key is not None else fixed
            converted.append(process(value) if process is not None else value)
        if self._positional:
            return tuple(converted)
        return {name: value for (name, *_), value in zip(self._binds, converted, strict=True)}

    def run(self, driver_connection: Any, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Execute on ``driver_connection`` (in the transaction open on it); the rows it returns, if any."""
        cursor = driver_connection.cursor()
        try:
            cursor.execute(self.sql, self.parameters(values))
            rows: list[tuple[Any, ...]] = cursor.fetchall() if cursor.description is not None else []
        finally:
            cursor.close()
        if self._convert_rows:
            rows = [self._convert(row) for row in rows]
        return rows

    def _convert(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(
            value if process is None else process(value) for process, value in zip(self._columns, row, strict=True)
        )


# Migrations ---------------------------------------------------------------------------------

# SQLite-only objects made by hand in migrations (the FTS5 name index and its shadow tables).
UNMODELLED_PREFIXES = ("visit_name_fts",)


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Autogenerate and schema comparisons ignore what the models do not describe."""
    return not (type_ == "table" and name is not None and name.startswith(UNMODELLED_PREFIXES))


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resources.files("kiosk") / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``: the same migrations on SQLite and PostgreSQL.

    A register already at the newest migration (every start but the first after an update) is
    left as it is without importing Alembic: its modules and scripts cost the kiosk ~9 MB and a
    command ~0.1 s for nothing.
    """
    if revision == "head" and _revision_without_alembic(engine) == newest_migration():
        return
    from alembic import command

    command.upgrade(_alembic_config(engine), revision)


_REVISION_LINE = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:['"]([^'"]+)['"]|None)""", re.MULTILINE)


@functools.cache
def newest_migration() -> str:
    """The head of ``kiosk/migrations/versions``, read from the scripts' ``revision`` lines (not imported)."""
    revisions: set[str] = set()
    replaced: set[str] = set()
    for script in (resources.files("kiosk") / "migrations" / "versions").iterdir():
        if not script.name.endswith(".py") or script.name.startswith("__"):
            continue
        found = dict((key, value) for key, value in _REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        revisions.add(found["revision"])
        if found.get("down_revision"):
            replaced.add(found["down_revision"])
    (head,) = revisions - replaced  # one head: Alembic would refuse two
    return head


def _revision_without_alembic(engine: Engine) -> str | None:
    """The register's revision as Alembic keeps it (None: not migrated yet)."""
    with engine.connect() as conn:
        try:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except DBAPIError:  # no such table: a new register
            return None


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(_alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from kiosk.db import _alembic_config as cfg_factory

    script = ScriptDirectory.from_config(cfg_factory(create_engine("sqlite://")))
    head = script.get_current_head()
    assert head is not None
    return head


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


# Backups ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    removed: list[Path]


BACKUP_PREFIX = "register-"


def backup(db_path: Path, target_dir: Path, *, keep: int, now: dt.datetime | None = None) -> BackupResult:
    """A consistent copy of a live SQLite database (SQLite's online backup API), keeping ``keep``.

    The copy is written to a temporary name, checked, then renamed, so a crash never leaves a
    half-written file under a backup's name.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}")
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    final = target_dir / f"{BACKUP_PREFIX}{stamp}.sqlite3"
    partial = final.with_suffix(".partial")
    for stale in target_dir.glob(f"{BACKUP_PREFIX}*.partial"):  # left by a backup that crashed
        stale.unlink(missing_ok=True)
    _create_private(partial)  # a copy of the register: as private as the register
    try:
        source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest, pages=1024)
                (result,) = dest.execute("PRAGMA integrity_check").fetchone()
                if result != "ok":
                    raise damaged(db_path, f"its copy failed the integrity check: {result}")
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
        finally:
            source.close()
        partial.replace(final)
    except BaseException:
        # A half-written copy is a copy of personal data that rotation never sees: never leave it.
        partial.unlink(missing_ok=True)
        raise
    backups = sorted(target_dir.glob(f"{BACKUP_PREFIX}*.sqlite3"))
    removed = backups[:-keep] if len(backups) > keep else []
    for old in removed:
        old.unlink()
    return BackupResult(path=final, size=final.stat().st_size, removed=removed)


# Health ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterHealth:
    """What ``kiosk db status`` finds in a register file, found without changing it."""

    path: Path
    size: int | None  # None: there is no register yet
    revision: str | None
    head: str
    integrity: list[str]  # ["ok"] or SQLite's findings

    @property
    def problems(self) -> list[str]:
        """One line per problem with what to do; empty when the register is sound and current."""
        if self.size is None:
            return []
        if self.size == 0:
            return [f"the file is empty (0 bytes: emptied or truncated): {RESTORE}"]
        out = []
        if self.integrity != ["ok"]:
            shown = "; ".join(self.integrity[:5]) + (
                f" (and {len(self.integrity) - 5} more)" if len(self.integrity) > 5 else ""
            )
            out.append(f"damaged ({shown}): keep the file aside and {RESTORE}")
        elif self.revision is None:
            out.append("no schema revision (not a kiosk register, or never migrated): run `kiosk db upgrade`")
        elif self.revision != self.head:
            if self.revision in _known_revisions():
                out.append(f"schema revision {self.revision} is behind {self.head}: run `kiosk db upgrade`")
            else:
                out.append(
                    f"schema revision {self.revision} is unknown to this kiosk software (made by a newer one?): "
                    "install the kiosk version that made it"
                )
        return out


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(create_engine("sqlite://")))
    return {rev.revision for rev in script.walk_revisions()}


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open without writing anything, also in a read-only folder (where WAL's -shm cannot be made)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc):
            conn.close()
            raise
        conn.close()
        conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    return conn


def check_register(path: Path) -> RegisterHealth:
    """Size, schema revision and ``PRAGMA integrity_check`` of the register at ``path``, read only."""
    head = head_revision()
    if not path.exists():
        return RegisterHealth(path, None, None, head, [])
    size = path.stat().st_size
    if size == 0:
        return RegisterHealth(path, 0, None, head, ["empty file"])
    revision: str | None = None
    try:
        with contextlib.closing(_connect_read_only(path)) as conn:
            integrity = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(20)")]
            with contextlib.suppress(sqlite3.OperationalError):  # no alembic_version table
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        integrity = [str(exc)]
    return RegisterHealth(path, size, revision, head, integrity)
