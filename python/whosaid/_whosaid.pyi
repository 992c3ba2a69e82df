"""Type stubs of the extension module (python/src/lib.rs)."""

import os
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

__version__: str

Record = Dict[str, Any]

class Pipeline:
    """The loaded models and settings; see `whosaid.Pipeline`."""

    threads: int
    attribution: str

    def __init__(
        self,
        threads: Optional[int] = None,
        attribution: str = "both",
        entities: Optional[Union[str, os.PathLike[str]]] = None,
        precision: str = "int8",
        model: Optional[Union[str, os.PathLike[str]]] = None,
        roles_model: Optional[Union[str, os.PathLike[str]]] = None,
        max_article_bytes: int = 16777216,
        speakers: str = "learned",
    ) -> None: ...
    def extract(
        self,
        text: str,
        id: Optional[Union[str, int]] = None,
        meta: Optional[Mapping[str, Any]] = None,
    ) -> List[Record]:
        """The records of one article (id ``"article"`` unless given), as ``whosaid extract``
        writes them. Raises ValueError for a text that is not a str or not text."""
    def extract_many(
        self,
        articles: Iterable[Union[str, Mapping[str, Any]]],
        id_key: Optional[str] = "id",
        text_key: str = "text",
        batch_size: int = 64,
        on_error: str = "raise",
        positions: bool = False,
        meta_json: bool = False,
    ) -> "Records":
        """The records of many articles, in input order, ``batch_size`` articles read at a time.

        An article is a str (its id is its position) or a mapping with ``id_key`` and
        ``text_key`` (``id_key=None``: ids are positions); its other keys become the record's
        ``meta``. A bad record (missing key, ``None`` or non-str text, not text at all) raises
        ValueError naming its position and id after the records before it (``on_error="skip"``:
        a warning, and the run goes on). An id seen before becomes ``ID~2``, as in the CLI.
        ``positions=True`` yields ``(position, record)`` pairs; ``meta_json=True`` gives
        ``meta`` as the JSON string (or None) of Parquet output, on every record."""

class Records(Iterator[Any]):
    """Iterator of `Pipeline.extract_many`."""

    def __iter__(self) -> "Records": ...
    def __next__(self) -> Any: ...

def evaluate_json(
    gold: Union[str, os.PathLike[str]], records: Iterable[Record], exact: bool = False
) -> str: ...
