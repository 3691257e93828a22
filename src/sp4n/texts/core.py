"""The one mechanism behind every text sp4n shows people: catalogues, the language switch, rule translation.

A text has a key (``status.forwarded``, ``notice.next``) and one wording per language, with ``str.format``
placeholders (``{due}``). :func:`text` picks the wording in the language asked for, else in the current
language (the switch: :func:`use_language`), falling back to Bahasa Indonesia for a key a host's language
lacks. Rules of typed errors are catalogued under their English wording (as gettext does with a message id):
the English is what logs, tests and the wire's ``rule`` field rely on, and :func:`rule_text` gives the same
rule in the current language.

>>> text("status.forwarded")
'Diteruskan ke instansi'
>>> with use_language("en"):
...     text("status.forwarded"), current_language()
('Forwarded to an agency', 'en')
>>> text("notice.next", "en", deadline="4 May 2026, 23:59 WITA")
'Next deadline: 4 May 2026, 23:59 WITA.'
>>> rule_text("must not be empty"), rule_text("must not be empty", "en")
('tidak boleh kosong', 'must not be empty')
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from contextvars import ContextVar, Token
from types import TracebackType
from typing import Final, TypeGuard

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Catalogue",
    "Phrase",
    "current_language",
    "install_texts",
    "language_from",
    "placeholders",
    "rule_text",
    "text",
    "use_language",
]

#: Bahasa Indonesia: the language of the law, of LAPOR! and of the citizens it serves (UU 24/2009 art. 33 asks
#: for Indonesian in official communication), so the default of every text.
DEFAULT_LANGUAGE: Final = "id"
#: The languages every built-in text has (a test checks both wordings of every key, same placeholders).
LANGUAGES: Final = ("id", "en")

#: A catalogue: language → key → wording.
Catalogue = dict[str, dict[str, str]]

_current: ContextVar[str | None] = ContextVar("sp4n_language", default=None)
_process = [DEFAULT_LANGUAGE]  # the process default; the context variable wins where it is set
_texts: Catalogue = {language: {} for language in LANGUAGES}
_rules: Catalogue = {language: {} for language in LANGUAGES}


def placeholders(wording: str) -> frozenset[str]:
    """The ``{names}`` a wording uses.

    >>> sorted(placeholders("{agency} menolak {tracking_id}"))
    ['agency', 'tracking_id']
    """
    return frozenset(name for _, name, _, _ in string.Formatter().parse(wording) if name)


def _add(into: Catalogue, table: Mapping[str, tuple[str, str]]) -> None:
    for key, wordings in table.items():
        for language, wording in zip(LANGUAGES, wordings, strict=True):
            into[language][key] = wording


def register(table: Mapping[str, tuple[str, str]], *, rules: bool = False) -> None:
    """Add built-in texts: key → (Indonesian, English). Used by this package's catalogue modules only."""
    _add(_rules if rules else _texts, table)


def install_texts(language: str, wordings: Mapping[str, str], *, rules: bool = False) -> None:
    """Add a language, or override built-in wordings, for the whole process (a host does this once at start).

    Keys must exist already, with the same placeholders, so that a typo cannot pass unnoticed until a citizen
    receives a broken message; a new language may cover only some keys (the rest read in Indonesian).

    >>> install_texts("jv", {"status.closed": "Rampung"})
    >>> text("status.closed", "jv"), text("status.forwarded", "jv")
    ('Rampung', 'Diteruskan ke instansi')
    >>> install_texts("jv", {"status.closed": "Rampung {nope}"})
    Traceback (most recent call last):
    ...
    ValueError: status.closed: placeholders {nope} differ from the built-in ones {}
    """
    into = _rules if rules else _texts
    base = into[DEFAULT_LANGUAGE]
    for key, wording in wordings.items():
        if key not in base:
            raise ValueError(f"{key}: no such text")
        if placeholders(wording) != placeholders(base[key]):
            theirs, ours = (
                ", ".join(sorted(placeholders(wording))),
                ", ".join(sorted(placeholders(base[key]))),
            )
            raise ValueError(f"{key}: placeholders {{{theirs}}} differ from the built-in ones {{{ours}}}")
    into.setdefault(language, {}).update(wordings)


def current_language() -> str:
    """The language the switch is on: the one :func:`use_language` set here, else the process default."""
    return _current.get() or _process[0]


class use_language:  # noqa: N801 - used as a function and as a ``with`` block, like contextlib's helpers
    """Turn the switch to ``language``: for the current context, and back when a ``with`` block ends.

    Called plainly (``use_language("en")`` at a program's start) it stays on for the context and every
    task it starts; ``process=True`` also makes it the process default, which threads started later see
    (until the ``with`` block, if any, ends).

    >>> with use_language("en"):
    ...     text("status.closed")
    'Closed'
    >>> text("status.closed")
    'Selesai'
    """

    def __init__(self, language: str, *, process: bool = False) -> None:
        self.language = language_from(language)
        self._process = _process[0] if process else None
        if process:
            _process[0] = self.language
        self._token: Token[str | None] = _current.set(self.language)

    def __enter__(self) -> str:
        return self.language

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        _current.reset(self._token)
        if self._process is not None:
            _process[0] = self._process


def language_from(value: str | None) -> str:
    """A language code from the outside (``SP4N_LANG``, ``--lang``, ``?lang=``): ``id``, ``en`` or one a
    host installed; ``id_ID.UTF-8`` and ``en-GB`` read as their language; anything else is Indonesian.

    >>> language_from("en_US.UTF-8"), language_from("EN"), language_from(""), language_from("xx")
    ('en', 'en', 'id', 'id')
    """
    code = (value or "").strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in _texts else DEFAULT_LANGUAGE


def _wording(catalogue: Catalogue, key: str, language: str | None) -> str | None:
    chosen = language or current_language()
    found = catalogue.get(chosen, {}).get(key)
    return found if found is not None else catalogue[DEFAULT_LANGUAGE].get(key)


def text(key: str, language: str | None = None, /, **values: object) -> str:
    """The text ``key`` in ``language`` (the current one when ``None``), its placeholders filled.

    Raises:
        KeyError: no text has that key (a programming error, found by the tests).
    """
    wording = _wording(_texts, key, language)
    if wording is None:
        raise KeyError(key)
    return wording.format(**values) if values else wording


def _is_rule(value: object) -> TypeGuard[str]:
    return isinstance(value, Phrase) or (isinstance(value, str) and value in _rules[DEFAULT_LANGUAGE])


class Phrase(str):
    """A rule filled in, in English, that keeps its template and values, so that it still reads in every
    language where a helper returns it as a plain ``str`` (a refusal's reason, a finding's problem).

    >>> why = Phrase("must be an integer from 1 to {limit}", limit=500)
    >>> why, rule_text(why, "id")
    ('must be an integer from 1 to 500', 'harus bilangan bulat 1 sampai 500')
    """

    template: str
    values: dict[str, object]

    @classmethod
    def joined(cls, separator: str, parts: Iterable[str]) -> Phrase:
        """``parts`` joined by ``separator``, each part still reading in every language.

        >>> rule_text(Phrase.joined("; ", [Phrase("must not be empty"), "x"]), "id")
        'tidak boleh kosong; x'
        """
        items = list(parts)
        template = (
            separator.replace("{", "{{").replace("}", "}}").join(f"{{p{i}}}" for i in range(len(items)))
        )
        return cls(template, **{f"p{i}": part for i, part in enumerate(items)})

    def __new__(cls, template: str, /, **values: object) -> Phrase:
        if isinstance(template, Phrase) and not values:
            return template
        phrase = str.__new__(cls, template.format(**values) if values else template)
        phrase.template, phrase.values = template, values
        return phrase


def rule_text(rule: str, language: str | None = None, /, **values: object) -> str:
    """A rule (its English wording, placeholders unfilled, or a :class:`Phrase`) in ``language``;
    untranslated, it stays English."""
    if isinstance(rule, Phrase) and not values:
        phrase = rule
        rule, values = phrase.template, phrase.values
    # A rule within a rule (``"{raw!r}: {problem}"``) reads in the same language.
    values = {k: rule_text(v, language) if _is_rule(v) else v for k, v in values.items()}
    wording = _wording(_rules, rule, language) or rule
    return wording.format(**values) if values else wording


def keys(*, rules: bool = False) -> Iterable[str]:
    """Every built-in key (for the completeness test and the docs)."""
    return tuple((_rules if rules else _texts)[DEFAULT_LANGUAGE])


def wordings(key: str, *, rules: bool = False) -> dict[str, str]:
    """Every language's wording of ``key``."""
    table = _rules if rules else _texts
    return {language: table[language][key] for language in table if key in table[language]}
