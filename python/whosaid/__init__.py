"""whosaid: who said what. Quotes and their speakers from news text.

The extraction runs in Rust (the ``whosaid`` crate, with its models built in); this package is
its Python front: plain dicts, pandas and Arrow in and out. Records are those ``whosaid extract``
writes, field for field (see the README's output schema); offsets are Python string indices, so
``text[r["start"]:r["end"]] == r["text"]``.

>>> import whosaid
>>> nlp = whosaid.Pipeline(threads=2)
>>> nlp.extract('"We will win," said Ana Ruiz, the mayor.')[0]["speaker"]
'Ana Ruiz'
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Union

from ._whosaid import Pipeline as _Pipeline
from ._whosaid import Records
from ._whosaid import __version__
from ._whosaid import evaluate_json as _evaluate_json

__all__ = ["Pipeline", "Records", "evaluate", "arrow_schema", "RECORD_FIELDS", "__version__"]

#: The record's fields in output order, with their Parquet/Arrow types and nullability (the
#: README's Parquet table); ``meta`` follows them in Parquet and Arrow output.
RECORD_FIELDS = [
    ("doc_id", "string", False),
    ("quote_id", "string", False),
    ("kind", "string", False),
    ("text", "string", False),
    ("start", "int64", False),
    ("end", "int64", False),
    ("cue", "string", True),
    ("cue_start", "int64", True),
    ("cue_end", "int64", True),
    ("speaker", "string", True),
    ("speaker_type", "string", True),
    ("speaker_mention", "string", True),
    ("speaker_start", "int64", True),
    ("speaker_end", "int64", True),
    ("confidence", "double", False),
    ("sentence", "int64", False),
    ("paragraph", "int64", False),
    ("speaker_gender", "string", True),
    ("speaker_id", "string", True),
]


def _pandas_dtype(kind: str, nullable: bool) -> str:
    if kind == "int64":
        return "Int64" if nullable else "int64"
    if kind == "double":
        return "float64"
    return "object"


def _records_frame(records: List[Dict[str, Any]]):
    """The records as a DataFrame of the record columns, typed as the Parquet table is."""
    import pandas as pd

    columns = {}
    for name, kind, nullable in RECORD_FIELDS:
        values = [r[name] for r in records]
        columns[name] = pd.Series(values, dtype=_pandas_dtype(kind, nullable))
    return pd.DataFrame(columns)


def arrow_schema():
    """The Arrow schema of `Pipeline.to_arrow` (the README's Parquet table, ``meta`` last)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "double": pa.float64()}
    fields = [pa.field(n, types[k], nullable=nl) for n, k, nl in RECORD_FIELDS]
    return pa.schema(fields + [pa.field("meta", pa.string(), nullable=True)])


class Pipeline(_Pipeline):
    """The models, loaded once, and the settings of ``whosaid extract``.

    Arguments (all optional): ``threads`` (default: all cores), ``attribution`` (``"both"``,
    ``"rules"`` or ``"model"``), ``entities`` (an entity list, CSV or JSONL, as
    ``--entities``), ``precision`` (``"int8"`` or ``"f32"``), ``model`` and ``roles_model``
    (model folders instead of the built-in ones), ``max_article_bytes``, ``speakers``
    (``"learned"``: the speaker model picks among the resolved candidates, as ``--speakers``;
    ``"rules"``: the resolution rules alone).

    ``extract(text, id=None, meta=None)`` gives one article's records; ``extract_many(iterable,
    id_key="id", text_key="text", batch_size=64, on_error="raise")`` an iterator of the records
    of many, in input order, with memory bounded by ``batch_size``.
    """

    def to_pandas(
        self,
        df,
        text: str = "text",
        id: Optional[str] = "id",
        batch_size: int = 64,
        on_error: str = "raise",
    ):
        """The records of a DataFrame's articles as a DataFrame.

        ``text`` and ``id`` name the columns (``id=None``: the index is the id). The record
        columns come first, typed as the Parquet table is (nullable integers as ``Int64``,
        absent strings as ``None``); the other columns of the article's row follow, with their
        dtypes (a name that is also a record column gets the suffix ``_input``).
        """
        import pandas as pd

        _require_columns(list(df.columns), "the DataFrame", text, id)
        id_key = id if id is not None else "index"
        ids = df[id].tolist() if id is not None else [
            i if isinstance(i, (str, int)) else str(i) for i in df.index.tolist()
        ]
        rows = ({id_key: i, text: t} for i, t in zip(ids, df[text].tolist()))
        pairs = list(
            self.extract_many(
                rows,
                id_key=id_key,
                text_key=text,
                batch_size=batch_size,
                on_error=on_error,
                positions=True,
            )
        )
        out = _records_frame([r for _, r in pairs])
        rest = [c for c in df.columns if c not in (text, id)]
        if rest:
            meta = df[rest].iloc[[p for p, _ in pairs]].reset_index(drop=True)
            names = {n for n, _, _ in RECORD_FIELDS}
            meta.columns = [f"{c}_input" if c in names else c for c in meta.columns]
            out = pd.concat([out, meta], axis=1)
        return out

    def to_arrow(
        self,
        data,
        text: str = "text",
        id: Optional[str] = "id",
        batch_size: int = 64,
        on_error: str = "raise",
    ):
        """The records of an Arrow table's articles as a ``pyarrow.Table``.

        ``data``: a ``pyarrow.Table``, a ``RecordBatch``, a ``RecordBatchReader`` or an iterable
        of batches, read a batch at a time. The schema is the README's Parquet table
        (`arrow_schema`): the table equals what ``whosaid extract -o X.parquet`` writes for the
        same articles, with the other columns as the JSON object string ``meta``.
        """
        import pyarrow as pa

        if isinstance(data, (pa.Table, pa.RecordBatch)):
            names = data.schema.names
            batches: Iterable = data.to_batches() if isinstance(data, pa.Table) else [data]
        elif isinstance(data, pa.RecordBatchReader):
            names = data.schema.names
            batches = data
        else:
            batches = iter(data)
            first = next(batches, None)
            if first is None:
                return arrow_schema().empty_table()
            names = first.schema.names
            batches = _chain([first], batches)
        _require_columns(list(names), "the Arrow data", text, id)

        def rows():
            for batch in batches:
                yield from batch.to_pylist()

        records = list(
            self.extract_many(
                rows(),
                id_key=id,
                text_key=text,
                batch_size=batch_size,
                on_error=on_error,
                meta_json=True,
            )
        )
        schema = arrow_schema()
        arrays = [
            pa.array([r[f.name] for r in records], type=f.type) for f in schema
        ]
        return pa.Table.from_arrays(arrays, schema=schema)


def _require_columns(columns: List[Any], where: str, *wanted: Optional[str]) -> None:
    """ValueError naming the first of `wanted` (None: not wanted) missing from `columns`."""
    for col in wanted:
        if col is not None and col not in columns:
            raise ValueError(f"no column {col!r} in {where} (columns: {columns!r})")


def _chain(*parts):
    for p in parts:
        yield from p


def evaluate(
    gold: Union[str, "os.PathLike[str]"],
    records,
    match: str = "overlap",
) -> Dict[str, Any]:
    """Scores records against gold quotes, as ``whosaid eval --json`` does.

    ``gold``: score.py's JSON/JSONL or a PolNeAR brat folder; ``records``: an iterable of record
    dicts, a DataFrame of `Pipeline.to_pandas`, or a table of `Pipeline.to_arrow`. ``match``:
    ``"overlap"`` (score.py's rule) or ``"exact"`` (the trimmed content span, with source
    mention exact match). Records of articles the gold lacks are ignored.
    """
    if match not in ("overlap", "exact"):
        raise ValueError(f"match={match!r}: expected 'overlap' or 'exact'")
    return json.loads(_evaluate_json(os.fspath(gold), _as_dicts(records), match == "exact"))


def _as_dicts(records) -> Iterator[Dict[str, Any]]:
    """Records from dicts, a DataFrame or an Arrow table, with absent values as None."""
    mod = type(records).__module__.split(".")[0]
    if mod == "pandas":
        frame = records.astype(object).where(records.notna(), None)
        return iter(frame.to_dict("records"))
    if mod == "pyarrow":
        return iter(records.to_pylist())
    return iter(records)
