"""Every text sp4n shows people, in Bahasa Indonesia (the default) and English, behind one switch.

Statuses, actions and roles (:mod:`~sp4n.texts.labels`), dates and deadlines (:mod:`~sp4n.texts.dates`), the
words of notices, pages and problem titles (:mod:`~sp4n.texts.words`), the command line's help and output
(:mod:`~sp4n.texts.cli_help`, :mod:`~sp4n.texts.cli_output`) and the rules and problems of typed errors
(:mod:`~sp4n.texts.rules`, :mod:`~sp4n.texts.rules_domain`, :mod:`~sp4n.texts.rules_config`) are
catalogues read through :func:`text` and :func:`rule_text` (a :class:`Phrase` carries a rule's values); the
language is the one :func:`use_language` set (``SP4N_LANG`` or ``--lang`` on the command line, ``?lang=``
on the web). docs/languages.md shows how a host adds a language or overrides a wording.

>>> from sp4n.texts import text, use_language
>>> with use_language("en"):
...     text("action.decline")
'Decline: not our authority'
"""

from sp4n.texts import cli_help, cli_output, dates, labels, rules, rules_config, rules_domain, words
from sp4n.texts.core import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Phrase,
    current_language,
    install_texts,
    language_from,
    placeholders,
    rule_text,
    text,
    use_language,
)
from sp4n.texts.dates import day_text, deadline_text, duration_text

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Phrase",
    "cli_help",
    "cli_output",
    "current_language",
    "dates",
    "day_text",
    "deadline_text",
    "duration_text",
    "install_texts",
    "labels",
    "language_from",
    "placeholders",
    "rule_text",
    "rules",
    "rules_config",
    "rules_domain",
    "text",
    "use_language",
    "words",
]
