"""Splitting a filter into tokens: names, keywords, operators, numbers, quoted text.

Anything that is not one of these is refused at its position, so text such
as ``;``, ``.``, ``--`` or ``&&`` can never reach the parser. Keywords are
matched case-insensitively; field names are ASCII identifiers, or any text
in backquotes (`` `in` ``) for a field whose name is a keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from dealbrain.overrides.errors import FilterSyntaxError


class TokenKind(StrEnum):
    IDENTIFIER = "field name"
    KEYWORD = "keyword"
    OPERATOR = "comparison operator"
    NUMBER = "number"
    STRING = "quoted text"
    LPAREN = "'('"
    RPAREN = "')'"
    COMMA = "','"
    END = "end of filter"


KEYWORDS: frozenset[str] = frozenset(
    {"and", "or", "not", "in", "contains", "is", "null", "true", "false"}
)

GRAMMAR_HINT = (
    "A filter compares fields with literals: = != < <= > >=, in (...), contains, "
    "is null, is not null; combined with and, or, not and parentheses. "
    'Text goes in quotes, e.g. manufacturer = "Intel" and cores >= 8.'
)


@dataclass(frozen=True)
class Token:
    """One token: its kind, the text as typed, its value and 0-based offset."""

    kind: TokenKind
    text: str
    value: object
    offset: int


_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = ("!=", "<=", ">=", "=", "<", ">")
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t"}
_MISTAKES: dict[str, str] = {
    "==": "Write equality with a single '='.",
    "<>": "Write 'not equal' as '!='.",
    "&&": "Write 'and' instead of '&&'.",
    "||": "Write 'or' instead of '||'.",
    "--": "Filters have no comments; remove the '--' and what follows.",
    ";": "A filter is a single condition; there is nothing after it to run.",
    "!": "Write 'not equal' as '!=', or use 'not' before a condition.",
}


def _error(problem: str, text: str, offset: int, hint: str = GRAMMAR_HINT) -> FilterSyntaxError:
    return FilterSyntaxError(problem, text, offset, hint)


def _number(text: str, start: int) -> Token:
    match = _NUMBER.match(text, start)
    assert match is not None
    end = match.end()
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        raise _error(
            f"the number {match.group()!r} runs into {text[end]!r}",
            text,
            end,
            "Put a space after the number, and quotes around text values.",
        )
    spelled = match.group()
    value = int(spelled) if re.fullmatch(r"-?[0-9]+", spelled) else float(spelled)
    return Token(TokenKind.NUMBER, spelled, value, start)


def _string(text: str, start: int) -> Token:
    quote = text[start]
    chars: list[str] = []
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == quote:
            return Token(TokenKind.STRING, text[start : index + 1], "".join(chars), start)
        if char == "\\":
            escaped = text[index + 1 : index + 2]
            if escaped not in _ESCAPES:
                raise _error(
                    f"unknown escape '\\{escaped}' in quoted text",
                    text,
                    index,
                    "Inside quotes, write \\\\ for a backslash, \\' or \\\" for a quote, \\n, \\t.",
                )
            chars.append(_ESCAPES[escaped])
            index += 2
            continue
        chars.append(char)
        index += 1
    raise _error(
        "quoted text is never closed",
        text,
        start,
        f"End the text with a matching {quote} quote.",
    )


def _backquoted(text: str, start: int) -> Token:
    end = text.find("`", start + 1)
    if end < 0:
        raise _error("backquoted field name is never closed", text, start, "End it with `.")
    name = text[start + 1 : end]
    if not name.strip():
        raise _error(
            "empty backquoted field name", text, start, "Put a field name between the backquotes."
        )
    return Token(TokenKind.IDENTIFIER, text[start : end + 1], name, start)


def _word(text: str, start: int) -> Token:
    match = _IDENTIFIER.match(text, start)
    assert match is not None
    word = match.group()
    if word.lower() in KEYWORDS:
        return Token(TokenKind.KEYWORD, word, word.lower(), start)
    return Token(TokenKind.IDENTIFIER, word, word, start)


def _single(text: str, index: int) -> Token | None:
    """Parentheses, commas and operators; None when ``text[index]`` starts none of them."""
    for mistake, hint in _MISTAKES.items():
        if text.startswith(mistake, index) and not text.startswith("!=", index):
            raise _error(f"{mistake!r} is not part of the filter language", text, index, hint)
    simple = {"(": TokenKind.LPAREN, ")": TokenKind.RPAREN, ",": TokenKind.COMMA}
    if text[index] in simple:
        return Token(simple[text[index]], text[index], text[index], index)
    for operator in _OPERATORS:
        if text.startswith(operator, index):
            return Token(TokenKind.OPERATOR, operator, operator, index)
    return None


def _starts_number(text: str, index: int) -> bool:
    rest = text[index : index + 3]
    return bool(re.match(r"-?\.?[0-9]", rest))


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an END token; `FilterSyntaxError` on anything else."""
    tokens: list[Token] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char.isspace():
            index += 1
            continue
        if _starts_number(text, index):
            token = _number(text, index)
        elif char in "'\"":
            token = _string(text, index)
        elif char == "`":
            token = _backquoted(text, index)
        elif _IDENTIFIER.match(text, index):
            token = _word(text, index)
        else:
            found = _single(text, index)
            if found is None:
                raise _error(f"unexpected character {char!r}", text, index)
            token = found
        tokens.append(token)
        index = token.offset + len(token.text)
    tokens.append(Token(TokenKind.END, "", None, len(text)))
    return tokens
