"""The tokenizer both retrievers share: kebab-case, camelCase, snake_case and plurals."""

from __future__ import annotations

import re

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    """a an and are as at be but by can for from has have i in into is it its me my need needs
    of on or our so that the their them then there these they this to us use used using want
    wants we when where which while who will with would you your should could like lets let
    some any one""".split()
)
# Words whose trailing s is not a plural (or whose stem would collide with another word).
_KEEP = frozenset({"canvas", "alias", "always", "news", "series", "yes", "has", "was"})


def split_identifier(text: str) -> str:
    """onCheckedChange → "on Checked Change"; radio-group → "radio group"."""
    return _CAMEL.sub(" ", text).replace("-", " ").replace("_", " ")


def normalise(word: str) -> str:
    """Fold plurals and common endings so "dialogs" meets "dialog", "toggling" "toggle".

    Like Porter's last step, a final "e" goes too (toggle, toggling → toggl): queries and
    documents share this function, so only consistency matters, not pretty stems.
    """
    if word in _KEEP or len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes")):
        word = word[:-2]
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ed") and len(word) > 4 and not word.endswith("eed"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def tokenize_words(text: str) -> list[tuple[str, str]]:
    """(token, the word it came from) pairs: lower-cased, identifiers split, stopwords dropped."""
    words = _WORD.findall(split_identifier(text).lower())
    return [(normalise(w), w) for w in words if w not in STOPWORDS]


def tokenize(text: str) -> list[str]:
    return [token for token, _ in tokenize_words(text)]
