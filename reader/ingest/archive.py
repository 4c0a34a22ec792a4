"""Reading ZIP archives that may be hostile: a Word file today, a .qdpx project later.

A ZIP member can unpack to a thousand times its packed size, so an archive of
a few hundred kilobytes can hold gigabytes.  :func:`open_archive` and
:func:`read_member` refuse, in one line and before unpacking anything, a
member whose declared size or compression ratio is over the
:class:`ZipLimits`; they unpack in chunks and stop at the limit, so a member
that unpacks to more than it declares never fills memory; and
:func:`xml_events` parses a member's XML as a stream of elements, with no
entities, DTDs or network, after counting its tags: more than
``limits.elements`` is refused before any parsing.
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from parallax.reader.errors import InputError

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_LIMITS", "ZipLimits", "open_archive", "read_member", "xml_elements", "xml_events"]


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """What an archive may hold: the largest member (declared and actually unpacked),
    all members read together, the largest compression ratio of a member, the number
    of members, and the number of XML elements in one member."""

    member_bytes: int = 32 * 1024 * 1024
    total_bytes: int = 48 * 1024 * 1024
    ratio: float = 100.0
    members: int = 10_000
    elements: int = 1_000_000


DEFAULT_LIMITS = ZipLimits()
_CHUNK = 1024 * 1024


def _size(n: float) -> str:
    if n >= 1024 ** 3:
        return f"{n / 1024 ** 3:.1f} GB"
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    return f"{n / 1024:.0f} KB"


def open_archive(data: bytes, /, *, source: str, what: str = "ZIP archive",
                 limits: ZipLimits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """The archive in ``data``, its directory checked against ``limits``; ``what``
    names the file kind in errors ("Word file")."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as err:
        log.warning("%s: ZIP directory not read", source, exc_info=err)
        raise InputError(source, f"is a damaged {what} (its list of contents cannot be read)") from None
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise InputError(source, f"is a {what} of {len(infos)} parts, over the {limits.members} limit")
    return archive


def _check(info: zipfile.ZipInfo, source: str, limits: ZipLimits) -> None:
    if info.file_size > limits.member_bytes:
        raise InputError(source, f"has a part ({info.filename}) that unpacks to {_size(info.file_size)}, "
                                 f"over the {_size(limits.member_bytes)} limit")
    if info.file_size > _CHUNK and info.file_size > limits.ratio * max(info.compress_size, 1):
        ratio = info.file_size / max(info.compress_size, 1)
        raise InputError(source, f"has a part ({info.filename}) packed {ratio:.0f} to 1, over the "
                                 f"{limits.ratio:.0f} to 1 limit (a zip bomb?)")


def read_member(archive: zipfile.ZipFile, name: str, /, *, source: str, what: str = "ZIP archive",
                limits: ZipLimits = DEFAULT_LIMITS, budget: list[int] | None = None) -> bytes:
    """The unpacked bytes of member ``name``, refused in one line when its declared
    size or ratio is over ``limits`` or when it unpacks to more than allowed.
    ``budget`` (a one-item list of bytes still allowed) shares ``total_bytes`` among
    the members one file reads."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise InputError(source, f"is a damaged {what} (no {name})") from None
    _check(info, source, limits)
    allowed = min(limits.member_bytes, budget[0] if budget else limits.total_bytes)
    out = bytearray()
    try:
        with archive.open(info) as f:
            while True:
                chunk = f.read(_CHUNK)
                if not chunk:
                    break
                out += chunk
                if len(out) > allowed or (len(out) > _CHUNK and len(out) > limits.ratio * max(info.compress_size, 1)):
                    raise InputError(source, f"has a part ({name}) that unpacks to more than allowed "
                                             f"({_size(allowed)}, {limits.ratio:.0f} to 1)")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
            RuntimeError) as err:
        log.warning("%s: part %s not unpacked", source, name, exc_info=err)
        raise InputError(source, f"is a damaged {what} (a part of it cannot be unpacked)") from None
    if budget is not None:
        budget[0] -= len(out)
    return bytes(out)


def xml_elements(data: bytes, /) -> int:
    """The number of elements in the XML ``data`` (its start and empty-element tags)."""
    return data.count(b"<") - data.count(b"</") - data.count(b"<?") - data.count(b"<!")


def xml_events(data: bytes, /, *, source: str, what: str = "ZIP archive",
               limits: ZipLimits = DEFAULT_LIMITS, events: tuple[str, ...] = ("start", "end"),
               tags: tuple[str, ...] | None = None) -> Iterator[tuple[str, object]]:
    """``(event, element)`` pairs of lxml's iterparse over ``data`` (no entities, DTDs
    or network), for the elements named ``tags`` (all when None); refused in one line,
    before parsing, when ``data`` holds more than ``limits.elements`` elements."""
    from lxml import etree

    if xml_elements(data) > limits.elements:
        raise InputError(source, f"holds more than {limits.elements:,} XML elements in one part, "
                                 "over the limit")
    parser = etree.iterparse(io.BytesIO(data), events=events, tag=tags, resolve_entities=False,
                             load_dtd=False, no_network=True, huge_tree=False)
    try:
        yield from parser
    except etree.XMLSyntaxError as err:
        raise InputError(source, f"is a damaged {what} (bad XML: {err.msg})") from None
