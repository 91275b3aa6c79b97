"""Full-text search over contract sections, transcript segments, proposals and updates.

SQLite: one FTS5 external-content table per searched table (the text is not stored twice),
kept in sync by AFTER INSERT / UPDATE / DELETE triggers, the pattern of the FTS5 documentation
(section 4.4.3) with its 'delete' command. Tokenizer: Porter stemming over unicode61 with
diacritics removed ("trainings" finds "training", "capacitacion" finds "capacitación").

PostgreSQL: a `search_vector` tsvector column per table, set by a BEFORE INSERT / UPDATE
trigger, with a GIN index; weighted so that titles count more than text (A for numbers and
titles, C for speakers, D for text). It is in the text search configuration
`unionhall_search`: a copy of 'english' that first strips accents with the `unaccent`
extension when the database has it (trusted since PostgreSQL 13, so the database owner may
create it). 'english' rather than 'simple': members search mostly in English and want
"trainings" to find "training"; Spanish words go through the same English rules on both
sides, so a Spanish word still finds itself, and without its accents. SQLite's Porter
stemmer is English too, so both databases behave alike.

Why a stored column and not a GIN index on the expression: with an expression index every
matching row's text must be parsed again to rank it (ts_rank_cd needs the vector), and the
planner, which thinks to_tsvector cheap, filters small tables by parsing every row. Measured
with bench/search.py on 20,000 segments: median 171 ms, p90 417 ms with expression indexes;
see docs/performance.md for the stored column. Why a trigger and not a generated column:
PostgreSQL refuses to change the type of a column a generated column uses, so a later
AlterField(max_length=...) would fail; the trigger does not mind. The column is unknown to
Django's models: Django never selects or inserts it.

Keep in mind, for later migrations:
* SQLite: a migration that *remakes* one of these tables (AlterField, RemoveField... Django
  copies the table and drops the old one) drops its triggers with it. Call
  `install_sqlite(schema_editor)` from this module again (idempotent; it rebuilds the index).
* PostgreSQL: a migration that renames or removes a searched column must replace the
  trigger function (`install_postgresql` shows its shape).
`unionhall/bargaining/tests/test_search.py` fails while a trigger or an index is missing.
"""

from django.db import migrations

TOKENIZE = "porter unicode61 remove_diacritics 2"
CONFIG = "unionhall_search"

# table -> the columns searched, in order (FTS5 column order = bm25 weight order)
SQLITE_TABLES = {
    "bargaining_section": ("number", "title", "text"),
    "bargaining_transcriptsegment": ("speaker", "text"),
    "bargaining_proposal": ("label", "title", "text", "rationale"),
    "bargaining_post": ("title", "body"),
}


def _v(columns, weight, row=""):
    expr = " || ' ' || ".join(f"coalesce({row}{c}, '')" for c in columns)
    return f"setweight(to_tsvector('{CONFIG}'::regconfig, {expr}), '{weight}')"


# table -> (columns, weight) pairs of its weighted tsvector (titles A, text D).
PG_VECTORS = {
    "bargaining_section": ((("number", "title"), "A"), (("text",), "D")),
    "bargaining_transcriptsegment": ((("speaker",), "C"), (("text",), "D")),
    "bargaining_proposal": ((("label", "title"), "A"), (("text", "rationale"), "D")),
    "bargaining_post": ((("title",), "A"), (("body",), "D")),
}
VECTOR_COLUMN = "search_vector"


def _pg_vector(table, row=""):
    return " || ".join(_v(columns, weight, row) for columns, weight in PG_VECTORS[table])


def _sqlite_statements(table, columns):
    # Only the constant names above go into this SQL.
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"  # noqa: S608
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"  # noqa: S608
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='{TOKENIZE}')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        # Only when a searched column changes: re-mapping a speaker or reordering sections
        # leaves the index alone.
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {cols} ON {table} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",  # noqa: S608
    ]


def install_sqlite(schema_editor):
    for table, columns in SQLITE_TABLES.items():
        for sql in _sqlite_statements(table, columns):
            schema_editor.execute(sql)


def drop_sqlite(schema_editor):
    for table in SQLITE_TABLES:
        fts = f"{table}_fts"
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")


def install_postgresql(schema_editor):
    from django.db import DatabaseError, transaction

    schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.english)")
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            schema_editor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, "
                "word WITH unaccent, english_stem")
    except DatabaseError:
        pass  # no unaccent here: search works, only "capacitacion" no longer finds "capacitación"
    for table, pairs in PG_VECTORS.items():
        columns = ", ".join(c for cols, _w in pairs for c in cols)
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN {VECTOR_COLUMN} tsvector")
        schema_editor.execute(
            f"CREATE FUNCTION {table}_{VECTOR_COLUMN}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN NEW.{VECTOR_COLUMN} := {_pg_vector(table, 'NEW.')}; RETURN NEW; END $$")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_{VECTOR_COLUMN} BEFORE INSERT OR UPDATE OF {columns} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_{VECTOR_COLUMN}()")
        schema_editor.execute(f"UPDATE {table} SET {VECTOR_COLUMN} = {_pg_vector(table)}")  # noqa: S608
        schema_editor.execute(f"CREATE INDEX {table}_fts ON {table} USING gin ({VECTOR_COLUMN})")


def drop_postgresql(schema_editor):
    for table in PG_VECTORS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{VECTOR_COLUMN} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_{VECTOR_COLUMN}()")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {VECTOR_COLUMN}")
    # The unaccent extension stays: other things may use it.
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        install_sqlite(schema_editor)
    elif vendor == "postgresql":
        install_postgresql(schema_editor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        drop_sqlite(schema_editor)
    elif vendor == "postgresql":
        drop_postgresql(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("bargaining", "0001_bargaining"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
