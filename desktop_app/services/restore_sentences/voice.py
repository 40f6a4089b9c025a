"""How the restore's sentences are said (a `Voice`: the command line's English, or the window's translation), and
the facts they are filled in with."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain.remap import RefKind, humanize
from desktop_app.domain.translation_marks import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Voice:
    """How the sentences are said to their reader."""

    say: Callable[[str, int], str]  # a sentence of these tables in the reader's language; a count fills its %Ln
    path: Callable[[str], str]  # a Graph path ("application.notes") in words
    platform: Callable[[str], str]  # a redirect URI platform ("spa") in the portal's words
    moment: Callable[[datetime], str]  # a date and time as the reader reads it


def english(sentence: str, n: int = -1) -> str:
    """A sentence as these tables hold it, in English; one that counts ("%Ln app(s)") with its count put in."""
    if n < 0:
        return sentence
    return sentence.replace("%Ln", f"{n:,}").replace("%n", str(n)).replace("(s)", "" if n == 1 else "s")


_PLATFORMS = {"web": "Web", "spa": "Single-page application", "publicClient": "Mobile and desktop applications"}

# The command line's, the report files' and the audit trail's voice: Graph's paths as they are.
ENGLISH = Voice(say=english, path=str, platform=lambda key: _PLATFORMS.get(key, key),
                moment=lambda when: when.astimezone().strftime("%Y-%m-%d %H:%M"))

# References to apps not created yet (domain/remap.py), in words.
_REFS: Mapping[RefKind, str] = {
    RefKind.APP_ID: QT_TRANSLATE_NOOP("RestoreWordTexts", "<new client ID of {app}>"),
    RefKind.OBJECT_ID: QT_TRANSLATE_NOOP("RestoreWordTexts", "<new object ID of {app}>"),
    RefKind.BLOB: QT_TRANSLATE_NOOP("RestoreWordTexts", "<stored bytes {sha}>"),
}


def facts(params: Mapping[str, object], voice: Voice) -> defaultdict[str, str]:
    """A code's facts, references to apps not created yet in words; a fact a sentence needs and lacks is empty."""

    def ref(kind: RefKind, key: str) -> str:
        return voice.say(_REFS[kind], -1).format(app=key, sha=key[:12]) if kind in _REFS else "<Graph>"

    return defaultdict(str, {k: humanize(str(v), ref) for k, v in params.items()})


def number(text: str) -> int:
    return int(text) if text.isdigit() else 0
