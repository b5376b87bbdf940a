"""Archive member names as their makers meant them (zip's two encodings and its extra field).

A zip says a name is UTF-8 with flag bit 11 (0x800); without it the format's default is
cp437, which Windows tools write and zipfile reads. But an Info-ZIP Unicode Path extra
field (0x7075) carries the UTF-8 name beside a legacy one, and macOS and 7-Zip write UTF-8
without setting the flag. Tar names need no help: tarfile keeps undecodable bytes as
surrogate escapes, which ``imrdb.ingest.pathnames`` stores reversibly.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

UTF8_FLAG = 0x800
UNICODE_PATH = 0x7075


def zip_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name as its maker meant it. zipfile reads UTF-8 only when flag 0x800
    says so and cp437 (the format's default, what Windows tools write) otherwise; but an
    Info-ZIP Unicode Path field (0x7075) gives the UTF-8 name, and macOS and 7-Zip write
    UTF-8 without the flag. cp437 text that is also valid UTF-8 is all but unknown."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    raw = info.filename.encode("cp437")  # cp437 maps all 256 bytes: the name's own bytes
    unicode_path = _unicode_path_field(info.extra, raw)
    if unicode_path is not None:
        return unicode_path
    if raw.isascii():
        return info.filename
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return info.filename


def _unicode_path_field(extra: bytes, raw: bytes) -> str | None:
    """The 0x7075 extra field's UTF-8 name, if present and made for this very name."""
    at = 0
    while at + 4 <= len(extra):
        field_id, size = struct.unpack_from("<HH", extra, at)
        body = extra[at + 4 : at + 4 + size]
        at += 4 + size
        if field_id != UNICODE_PATH or len(body) < 5 or body[0] != 1:
            continue
        if struct.unpack_from("<I", body, 1)[0] != zlib.crc32(raw):
            return None  # the name was changed by a tool that did not update this field
        try:
            return body[5:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None
