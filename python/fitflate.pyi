"""Capped DEFLATE, zlib and gzip frames: the most whole records under a hard byte cap.

- :class:`StatefulCompressor`: drop-in replacement for the hand-written class of the same name
  (legacy framing: a gzip member followed by the 4-byte big-endian CRC-32 of the member).
- :class:`Frame`: one capped frame in any container, ``push()`` / ``finish()``.
- :func:`pack`: an iterator of finished frames over an iterable of records.
- :func:`unpack`, :func:`decompress`: frames and streams read back.
- :class:`RecordTooLarge`: raised for a record that fits no frame (a ``ValueError``).
- :class:`DictionaryError`: raised for a zlib frame read without its preset dictionary or with
  another (a ``ValueError``).

``zdict=`` is a preset dictionary, as in Python's :mod:`zlib`: bytes both sides know, so that
even a frame's first record finds matches and small frames hold more records. zlib frames carry
its DICTID (``zlib.adler32(zdict)``), raw frames nothing (the reader must know it); gzip and
legacy frames have no field for one and refuse it with ``ValueError``.

Every frame is at most its cap and holds as many whole records, in order, as the encoder can fit:
a record is refused only when taking it would make the finished frame exceed the cap.

Records may be any bytes-like object (``bytes``, ``bytearray``, ``memoryview``, ...); ``str`` is
refused with ``TypeError``. The GIL is released while a record of 4 KiB or more is
compressed. An object is not meant to be shared between threads without a lock (a concurrent
call raises ``RuntimeError: Already borrowed``).
"""

import sys
from typing import Iterable, Iterator, List, Literal, Optional, Tuple, Union, final

if sys.version_info >= (3, 12):
    from collections.abc import Buffer as _Buffer

    _BytesLike = _Buffer
else:
    _BytesLike = Union[bytes, bytearray, memoryview]

_FormatName = Literal["gzip", "zlib", "raw", "legacy"]

__version__: str
__all__ = [
    "StatefulCompressor",
    "Frame",
    "Packer",
    "pack",
    "unpack",
    "decompress",
    "min_frame_size",
    "RecordTooLarge",
    "DictionaryError",
    "MAX_LEVEL",
    "MAX_RECORD_LEN",
    "FORMATS",
    "__version__",
]
#: The highest compression level (10, the strongest, near-optimal effort; levels are 0..10).
MAX_LEVEL: int
#: Records must be shorter than this many bytes (2**32 - 1).
MAX_RECORD_LEN: int
#: The container formats, by name.
FORMATS: Tuple[str, str, str, str]

class RecordTooLarge(ValueError):
    """A record that fits no frame of this cap, even an empty one.

    A subclass of ``ValueError``. The frame it was offered to is unchanged.
    """

    #: The record's length in bytes (without its delimiter).
    record_len: int
    #: The frame's cap (None for a record of 4 GiB or more).
    cap: Optional[int]
    #: Exact size a frame holding only this record would have (None for a record of 4 GiB or
    #: more, or one refused for ``max_payload``).
    needed: Optional[int]
    #: The payload limit the record and its delimiter break alone (None when it is the cap that
    #: refuses the record).
    max_payload: Optional[int]

class DictionaryError(ValueError):
    """A zlib frame packed with a preset dictionary, read without it or with another one.

    A subclass of ``ValueError``; the message names the DICTIDs in hex.
    """

    #: The DICTID the frame names: the Adler-32 of the dictionary it was packed with
    #: (``zlib.adler32(zdict)``).
    dictionary_id: int
    #: The DICTID of the ``zdict`` given, or None when none was.
    given_id: Optional[int]

@final
class StatefulCompressor:
    """Drop-in replacement for the hand-written ``StatefulCompressor``.

    Packs newline-terminated records into one frame that never exceeds ``max_size_in_bytes``.
    The frame is a gzip member followed by the 4-byte big-endian CRC-32 of the member (decode
    the member with ``zlib.decompressobj(wbits=31)``)::

        c = StatefulCompressor(4096)
        while c.compress(record):   # False: full (the record was not taken)
            record = next_record()
        frame, crc, size, incomplete = c.finalize()

    After ``finalize()`` the compressor holds an empty frame again and can be reused.

    ``max_payload`` and ``max_records`` (None: no limit) also bound the uncompressed bytes
    (records with their ``\n``) and the records per frame: a record that would break either is
    refused like one that would break the cap.

    :raises ValueError: ``max_size_in_bytes`` below 24 (the size of an empty frame), a level
        outside 0..10 (10: the strongest, near-optimal effort), or a limit below 1.
    """

    def __new__(
        cls,
        max_size_in_bytes: int,
        level: int = 6,
        squeeze: bool = False,
        max_payload: Optional[int] = None,
        max_records: Optional[int] = None,
    ) -> "StatefulCompressor": ...
    def compress(self, data: _BytesLike) -> bool:
        """Append ``data + b"\\n"`` if the finished frame still fits and return True.

        Otherwise (or when the record would break ``max_payload`` or ``max_records``) leave the
        frame unchanged and return False: the frame is full, or the record fits no frame of
        these settings at all. Either way, call :meth:`finalize` next.
        """
    def finalize(self) -> Tuple[bytes, int, int, bool]:
        """Close the frame: ``(frame, checksum, size, incomplete)``.

        ``frame`` is the gzip member followed by its big-endian CRC-32, ``checksum`` that CRC-32,
        ``size == len(frame) <= max_size_in_bytes`` and ``incomplete`` always False. Never
        raises. The compressor then starts over with an empty frame.
        """
    @property
    def max_size_in_bytes(self) -> int:
        """The cap in bytes."""
    @property
    def level(self) -> int:
        """The compression level (0..10; 10 is the strongest, near-optimal effort)."""
    @property
    def records(self) -> int:
        """Records in the current frame."""
    @property
    def max_payload(self) -> Optional[int]:
        """The most uncompressed bytes per frame (records with their ``\\n``), or None."""
    @property
    def max_records(self) -> Optional[int]:
        """The most records per frame, or None."""
    @property
    def size(self) -> int:
        """Exact size in bytes the frame would have if finalized now."""

@final
class Frame:
    """One capped frame: takes whole records until the next would make it exceed ``cap``.

    ``format`` is ``"gzip"`` (RFC 1952), ``"zlib"`` (RFC 1950), ``"raw"`` (RFC 1951 DEFLATE)
    or ``"legacy"`` (a gzip member plus its 4-byte big-endian CRC-32). ``delimiter`` is appended
    after every record (``b""`` for none; ``None`` means ``b"\\n"``).

    :meth:`finish` returns the bytes and leaves the object holding a fresh empty frame with the
    same settings, so one ``Frame`` can make any number of frames.

    ``squeeze=True``: when a record does not fit, re-parse the frame's pending block
    near-optimally and take the record if it then fits (at most two such parses per frame).

    ``max_payload`` (uncompressed bytes per frame, delimiters included) and ``max_records``
    (records per frame) are limits beside the cap (None: no limit): a record that would break
    either is refused exactly like one that would break the cap.

    ``zdict`` (None: none): a preset dictionary, as ``zlib.compressobj(zdict=...)`` takes it,
    that every frame of this object starts from (the most useful bytes last; only the last
    32 KiB are reachable). zlib frames set FDICT and carry its DICTID (:attr:`dictionary_id`),
    4 bytes more, so their cap must be at least 12; raw frames carry nothing. Read them back with
    ``unpack(..., zdict=...)``, ``zlib.decompressobj(zdict=...)`` or
    ``zlib.decompressobj(-15, zdict=...)``.

    :raises ValueError: a cap below :func:`min_frame_size` of the format (gzip 20, zlib 8,
        raw 2, legacy 24 bytes; zlib with ``zdict`` 12), a level outside 0..10, an unknown
        format, a limit below 1, or a ``zdict`` with gzip or legacy frames.
    """

    def __new__(
        cls,
        cap: int,
        format: _FormatName = "gzip",
        level: int = 6,
        delimiter: Optional[_BytesLike] = None,
        squeeze: bool = False,
        max_payload: Optional[int] = None,
        max_records: Optional[int] = None,
        zdict: Optional[_BytesLike] = None,
    ) -> "Frame": ...
    def push(self, record: _BytesLike) -> bool:
        """Offer a record; its delimiter is appended after it.

        True: the record is in the frame. False: the frame is full — the record was not taken,
        the frame is exactly as before, and taking it would have made the finished frame exceed
        the cap (or broken ``max_payload`` or ``max_records``); finish this frame and push the
        record into the next one.

        :raises RecordTooLarge: the frame is empty and the record still does not fit (no frame
            of this cap, or of this ``max_payload``, can hold it). The frame is unchanged.
        """
    def push_many(
        self, records: Union[List[_BytesLike], Tuple[_BytesLike, ...]], start: int = 0
    ) -> int:
        """Offer the records of a list or tuple from index ``start`` on, in order, as
        :meth:`push` would one by one, but a batch (64 KiB) at a time with the GIL released, so
        that threads filling their own frames run in parallel (``push`` holds the GIL for
        records under 4 KiB: for small records releasing it costs more than it saves).

        Returns the index after the last record taken: ``len(records)`` when all were taken,
        less when the frame is full (finish it and call again from there)::

            i = 0
            while i < len(records):
                i = frame.push_many(records, i)
                if i < len(records):
                    send(frame.finish())

        :raises RecordTooLarge: the record at ``start`` fits no frame (a later one ends the call
            before it; the next call raises).
        :raises TypeError: ``records`` is no list or tuple, or the record at ``start`` is no
            bytes-like object.
        """
    def finish(self) -> bytes:
        """Close the frame and return its bytes (at most ``cap``).

        A frame without records is a valid empty stream. The object then holds a fresh empty
        frame with the same settings. After :meth:`take_output`, only the bytes not taken yet.
        """
    def take_output(self) -> bytes:
        """Stream the frame out while it fills: the bytes already final (often ``b""``).

        They leave the frame; :meth:`finish` returns the rest, and the frame is the
        concatenation. Pushes and bytes are the same as without streaming; memory stays at the
        encoder's working set however large the cap.
        """
    @property
    def records(self) -> int:
        """Records in the frame."""
    @property
    def size(self) -> int:
        """Exact size in bytes of the finished frame if it were finished now."""
    @property
    def cap(self) -> int:
        """The cap in bytes."""
    @property
    def max_payload(self) -> Optional[int]:
        """The most uncompressed bytes per frame (records with their delimiters), or None."""
    @property
    def max_records(self) -> Optional[int]:
        """The most records per frame, or None."""
    @property
    def payload_bytes(self) -> int:
        """Uncompressed bytes in the frame: the records with their delimiters."""
    @property
    def format(self) -> _FormatName:
        """The container format."""
    @property
    def level(self) -> int:
        """The compression level (0..10; 10 is the strongest, near-optimal effort)."""
    @property
    def delimiter(self) -> bytes:
        """The bytes appended after every record."""
    @property
    def dictionary_id(self) -> Optional[int]:
        """The DICTID of the preset dictionary (``zlib.adler32(zdict)``), or None without one."""
    @property
    def first_record_age(self) -> Optional[float]:
        """Seconds since the frame took its first record, or None while it holds none.

        A latency bound for shippers: finish a frame once it is full *or* this old, even when no
        more records come. A refused record starts no clock; :meth:`finish` stops it. Only the
        clock reads it; the frame's bytes never depend on it::

            if frame.first_record_age is not None and frame.first_record_age >= 5.0:
                send(frame.finish())  # never an empty frame: the age is None then
        """
    def __len__(self) -> int:
        """Records in the frame."""

@final
class Packer(Iterator[bytes]):
    """Iterator of finished frames over an iterable of records; made by :func:`pack`.

    Each ``next()`` reads records until a frame is full and returns that frame's bytes; after the
    input ends it returns the last frame (if it holds any record) and stops. Only the open frame
    and one record are held in memory, or a batch of up to 64 KiB of records read from a list,
    a tuple or a seekable file.

    When a record fits no frame (and ``skip_oversized`` is False) ``next()`` raises
    :class:`RecordTooLarge`; the record is left out, the open frame is kept and iteration may be
    resumed. Exceptions from the input iterable propagate the same way.
    """

    def __iter__(self) -> "Packer": ...
    def __next__(self) -> bytes: ...
    @property
    def frames(self) -> int:
        """Frames returned so far."""
    @property
    def records(self) -> int:
        """Records in the frames returned so far."""
    @property
    def skipped(self) -> int:
        """Records left out because they fit no frame (``skip_oversized=True``)."""

def pack(
    records: Iterable[_BytesLike],
    cap: int,
    format: _FormatName = "gzip",
    level: int = 6,
    delimiter: Optional[_BytesLike] = None,
    skip_oversized: bool = False,
    squeeze: bool = False,
    keep_cr: bool = False,
    max_payload: Optional[int] = None,
    max_records: Optional[int] = None,
    zdict: Optional[_BytesLike] = None,
) -> Packer:
    """Pack records into capped frames, lazily.

    A binary file object (``open(path, "rb")``, ``io.BytesIO``) is read as ``fitflate pack``
    reads a file: each line is a record without its ``\n``, and without a ``\r`` before it
    unless ``keep_cr=True``, so the frames are the command line's. Any other iterable gives its
    items as records unchanged.

    Threads: a list or tuple, or a seekable (regular) file, is read a batch (64 KiB) at a time and
    the batch is packed with the GIL released, so threads packing their own inputs run in
    parallel. Other iterables (generators, pipes, sockets) are read one record at a time, since
    reading ahead could block, so that each frame comes out as soon as it is full.

    Returns an iterator of frame bytes, each at most ``cap`` bytes and holding as many whole
    records, in order, as fit. ``max_payload`` and ``max_records`` (None: no limit) also bound
    each frame's uncompressed bytes (delimiters included) and records; a record that would break
    either starts the next frame. An empty input yields no frame. A record that fits no frame
    even alone (over the cap, or over ``max_payload`` with its delimiter) raises
    :class:`RecordTooLarge` from ``next()``, or is left out (and counted in
    :attr:`Packer.skipped`) with ``skip_oversized=True``.

    ``zdict``: a preset dictionary every frame starts from, as for :class:`Frame` (zlib and raw
    frames); read the frames back with the same ``zdict``.

    :raises ValueError: invalid settings (also a ``zdict`` with gzip or legacy), at once, before
        any record is read.
    """

def unpack(
    frame: _BytesLike,
    format: Union[_FormatName, Literal["auto"]] = "auto",
    delimiter: Optional[_BytesLike] = None,
    zdict: Optional[_BytesLike] = None,
) -> List[bytes]:
    """The records of one frame, in order, without their delimiters.

    The frame is decoded and checked (header, checksums, lengths, nothing after the stream, the
    payload ends with the delimiter, ``b"\n"`` by default). ``format="auto"`` tells gzip, legacy
    and zlib apart; raw must be named. With an empty delimiter the payload is one record.

    ``zdict``: the preset dictionary the frame was packed with. A zlib frame names its
    dictionary: read without it or with another it raises :class:`DictionaryError`. A raw frame
    names nothing: another dictionary gives wrong bytes or ``ValueError``. Frames packed without
    one (and gzip and legacy frames) ignore it.

    :raises DictionaryError: a zlib frame without its dictionary, or with another.
    :raises ValueError: a corrupt, truncated or foreign frame.
    """

def decompress(
    data: _BytesLike,
    format: Union[_FormatName, Literal["auto"]] = "auto",
    zdict: Optional[_BytesLike] = None,
) -> bytes:
    """A whole stream decoded, like ``gzip -dc`` (gzip members one after the other too).

    ``zdict``: the preset dictionary, as for :func:`unpack` (each zlib or raw stream starts
    from it).

    :raises DictionaryError: a zlib stream without its dictionary, or with another.
    :raises ValueError: a corrupt, truncated or foreign stream.
    """

def min_frame_size(format: _FormatName = "gzip") -> int:
    """The smallest frame of a format (an empty stream), so the smallest cap it allows.

    gzip 20, zlib 8, raw 2, legacy 24 bytes. A zlib frame with a ``zdict`` needs 4 bytes more
    (its DICTID): 12.
    """
