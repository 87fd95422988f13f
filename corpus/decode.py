"""Bytes → text: BOM, declared charset (<meta charset>), then charset detection."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from .records import RawDoc

META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
# Legacy Chinese labels name subsets of GB18030: decoding with the superset loses nothing.
ENCODING_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
                      "big5": "big5hkscs", "ascii": "utf-8", "us-ascii": "utf-8",
                      "iso-8859-1": "cp1252", "latin-1": "cp1252"}
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))


CP1252_FALLBACK = "cominer-cp1252-fallback"


def cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as Windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start:error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error(CP1252_FALLBACK, cp1252_fallback)


def mostly_utf8(data: bytes) -> bool:
    """Three in four non-ASCII bytes form valid UTF-8 sequences (a legacy page manages far
    fewer: its high bytes rarely pair up the way UTF-8 needs)."""
    high = sum(1 for b in data if b >= 0x80)
    if not high:
        return False
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    return bad / high < 0.25


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can trust."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def normalise_encoding(name: str) -> str | None:
    """A Python codec name for a declared label, or None if Python does not know it."""
    label = name.strip().lower()
    label = ENCODING_SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (`<meta charset>` or http-equiv)."""
    match = META_CHARSET.search(data[:4096])
    if not match:
        return None
    return normalise_encoding(match.group(1).decode("ascii", "ignore"))


# Every byte but the control bytes (below TAB, and between CR and space), for bytes.translate.
NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the head mean this is not a text page."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = len(head.translate(None, NOT_CONTROL))  # what is left: the control bytes
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, *, is_html: bool = True) -> DecodedText:
    """Decode page bytes, trusting a BOM, then a declared charset, then detection."""
    if not data.strip():
        raise DecodeError("empty document")
    for bom, name in BOMS:
        if data.startswith(bom):
            return DecodedText(data.decode(name, errors="replace"), name)
    if looks_binary(data):
        raise DecodeError("binary data, not a text or HTML page")
    declared = declared_encoding(data) if is_html else None
    if declared:
        try:
            return DecodedText(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass  # a wrong declaration is common; fall through to detection
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if mostly_utf8(data):
        # Pages pasted together from UTF-8 and Latin-1 parts: keep the UTF-8, read the stray
        # bytes as Windows-1252 rather than guessing one legacy codec for the whole page.
        return DecodedText(data.decode("utf-8", errors=CP1252_FALLBACK), "utf-8+cp1252")
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return DecodedText(data.decode("utf-8", errors="replace"), "utf-8")
    name = normalise_encoding(best.encoding) or best.encoding
    return DecodedText(data.decode(name, errors="replace"), name)


def decode_raw(raw: RawDoc) -> DecodedText:
    """A raw document's bytes to text (charset detection). Raises DecodeError on unusable bytes."""
    return decode_bytes(raw.data, is_html=raw.media_type == "html")
