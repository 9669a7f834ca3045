"""Which encoding names a transcript may be given in: the one test behind add-locale's ``--encoding``, the
``encoding:`` line of a transcript's metadata and the reader (kept apart from ``charsets``, which loads ICU,
so that finding the transcripts stays cheap)."""

from __future__ import annotations

import codecs

# Python codecs that turn text into bytes but in which no file of text is written: decoding a transcript
# with them would change its text (``unicode_escape`` reads backslashes) or fail for every line.
_NOT_FILE_ENCODINGS = frozenset({"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined"})


def text_codec(name: str) -> str | None:
    """Python's canonical name of the text encoding ``name``, or None when no text file is written in it:
    an unknown name, a bytes-to-bytes codec (``base64``, ``zlib``), a text-to-text one (``rot13``).

    >>> text_codec("UTF8"), text_codec("windows-1251"), text_codec("base64"), text_codec("rot13")
    ('utf-8', 'cp1251', None, None)
    """
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # CodecInfo marks the codecs str.encode and bytes.decode refuse (base64, rot13...) as not text encodings.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_ENCODINGS:
        return None
    return info.name
