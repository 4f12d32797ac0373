"""A recursive-descent parser from filter text to the nodes of ``filter_ast``.

Grammar (keywords case-insensitive; ``not`` binds tighter than ``and``,
which binds tighter than ``or``)::

    filter     := or_expr END
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | "(" or_expr ")" | predicate
    predicate  := FIELD op literal
                | FIELD ["not"] "in" "(" literal ("," literal)* [","] ")"
                | FIELD ["not"] "contains" literal
                | FIELD "is" ["not"] "null"
    op         := "=" | "!=" | "<" | "<=" | ">" | ">="
    literal    := NUMBER | STRING | "true" | "false" | "null"

The parser only builds data; nothing is ever evaluated as code. Input is
bounded: at most ``MAX_FILTER_LENGTH`` characters and ``MAX_DEPTH`` levels
of parentheses and ``not``.
"""

from __future__ import annotations

from dealbrain.overrides.errors import FilterSyntaxError
from dealbrain.overrides.filter_ast import (
    And,
    Comparison,
    ComparisonOperator,
    Contains,
    FieldRef,
    InList,
    IsNull,
    Literal,
    LiteralKind,
    Node,
    Not,
    Or,
    Predicate,
)
from dealbrain.overrides.filter_tokens import GRAMMAR_HINT, Token, TokenKind, tokenize

MAX_FILTER_LENGTH = 2_000
MAX_DEPTH = 50

_KEYWORD_LITERALS = {
    "true": (True, LiteralKind.BOOLEAN),
    "false": (False, LiteralKind.BOOLEAN),
    "null": (None, LiteralKind.NULL),
}


def _describe(token: Token) -> str:
    if token.kind is TokenKind.END:
        return "the end of the filter"
    return (
        f"{token.kind.value} {token.text!r}"
        if token.kind
        in (
            TokenKind.IDENTIFIER,
            TokenKind.KEYWORD,
            TokenKind.NUMBER,
            TokenKind.STRING,
            TokenKind.OPERATOR,
        )
        else token.kind.value
    )


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0

    # -- token helpers -------------------------------------------------
    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.current
        if token.kind is not TokenKind.END:
            self.index += 1
        return token

    def at_keyword(self, *words: str) -> bool:
        return self.current.kind is TokenKind.KEYWORD and self.current.value in words

    def error(self, problem: str, token: Token, hint: str = GRAMMAR_HINT) -> FilterSyntaxError:
        return FilterSyntaxError(problem, self.text, token.offset, hint)

    def expect(self, kind: TokenKind, wanted: str, hint: str = GRAMMAR_HINT) -> Token:
        if self.current.kind is not kind:
            raise self.error(
                f"expected {wanted}, found {_describe(self.current)}", self.current, hint
            )
        return self.advance()

    def expect_keyword(self, word: str, hint: str = GRAMMAR_HINT) -> Token:
        if not self.at_keyword(word):
            raise self.error(
                f"expected '{word}', found {_describe(self.current)}", self.current, hint
            )
        return self.advance()

    # -- grammar -------------------------------------------------------
    def parse(self) -> Node:
        node = self.or_expr(depth=0)
        if self.current.kind is not TokenKind.END:
            raise self.error(
                f"expected 'and', 'or' or the end of the filter, found {_describe(self.current)}",
                self.current,
                "Join conditions with 'and' or 'or'; put text values in quotes.",
            )
        return node

    def or_expr(self, depth: int) -> Node:
        operands = [self.and_expr(depth)]
        while self.at_keyword("or"):
            self.advance()
            operands.append(self.and_expr(depth))
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def and_expr(self, depth: int) -> Node:
        operands = [self.not_expr(depth)]
        while self.at_keyword("and"):
            self.advance()
            operands.append(self.not_expr(depth))
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def not_expr(self, depth: int) -> Node:
        token = self.current
        opens = self.at_keyword("not") or token.kind is TokenKind.LPAREN
        if opens and depth >= MAX_DEPTH:
            raise self.error(
                f"the filter nests deeper than {MAX_DEPTH} levels of parentheses and 'not'",
                token,
                "Simplify the filter, or split it into several overrides.",
            )
        if self.at_keyword("not"):
            self.advance()
            return Not(self.not_expr(depth + 1), token.offset)
        if token.kind is TokenKind.LPAREN:
            self.advance()
            inner = self.or_expr(depth + 1)
            self.expect(
                TokenKind.RPAREN,
                f"')' to close the '(' at column {token.offset + 1}",
                "Check that every '(' has a matching ')'.",
            )
            return inner
        return self.predicate()

    def predicate(self) -> Predicate:
        token = self.current
        if token.kind is not TokenKind.IDENTIFIER:
            raise self.error(
                f"expected a field name, found {_describe(token)}",
                token,
                "Each condition starts with a field name, e.g. cores >= 8 or condition is null.",
            )
        field = FieldRef(str(token.value), token.offset)
        self.advance()
        current = self.current
        if current.kind is TokenKind.OPERATOR:
            self.advance()
            return Comparison(field, ComparisonOperator(current.value), self.literal())
        if self.at_keyword("is"):
            self.advance()
            negated = self.at_keyword("not")
            if negated:
                self.advance()
            self.expect_keyword("null", "Write 'field is null' or 'field is not null'.")
            return IsNull(field, negated)
        negated = self.at_keyword("not")
        if negated:
            self.advance()
        if self.at_keyword("in"):
            self.advance()
            return InList(field, self.literal_list(), negated)
        if self.at_keyword("contains"):
            self.advance()
            return Contains(field, self.literal(), negated)
        wanted = (
            "'in' or 'contains'" if negated else "a comparison (= != < <= > >=, in, contains, is)"
        )
        raise self.error(
            f"expected {wanted} after {field.name!r}, found {_describe(self.current)}", self.current
        )

    def literal(self) -> Literal:
        token = self.current
        if token.kind is TokenKind.NUMBER:
            self.advance()
            return Literal(token.value, LiteralKind.NUMBER, token.offset)  # type: ignore[arg-type]
        if token.kind is TokenKind.STRING:
            self.advance()
            return Literal(str(token.value), LiteralKind.STRING, token.offset)
        if token.kind is TokenKind.KEYWORD and token.value in _KEYWORD_LITERALS:
            self.advance()
            value, kind = _KEYWORD_LITERALS[str(token.value)]
            return Literal(value, kind, token.offset)
        hint = GRAMMAR_HINT
        if token.kind is TokenKind.IDENTIFIER:
            hint = (
                f'Put text values in quotes: "{token.value}". '
                "Fields can only be compared with values."
            )
        raise self.error(
            "expected a value (number, quoted text, true, false or null), "
            f"found {_describe(token)}",
            token,
            hint,
        )

    def literal_list(self) -> tuple[Literal, ...]:
        self.expect(TokenKind.LPAREN, "'(' to start the list", 'Write lists as in ("a", "b").')
        if self.current.kind is TokenKind.RPAREN:
            raise self.error(
                "the list is empty", self.current, "Give at least one value in the list."
            )
        values = [self.literal()]
        while self.current.kind is TokenKind.COMMA:
            self.advance()
            if self.current.kind is TokenKind.RPAREN:
                break
            values.append(self.literal())
        self.expect(TokenKind.RPAREN, "',' or ')' in the list", 'Write lists as in ("a", "b").')
        return tuple(values)


def parse_filter(text: str) -> Node:
    """The syntax tree of ``text``; `FilterSyntaxError` with position and hint if unreadable.

    Checks syntax only; whether the names are fields and the values fit
    them is checked when the tree is compiled for an entity.
    """
    if not isinstance(text, str):
        raise TypeError(f"a filter must be text, not {type(text).__name__}")
    if len(text) > MAX_FILTER_LENGTH:
        raise FilterSyntaxError(
            f"the filter is {len(text):,} characters long; the limit is {MAX_FILTER_LENGTH:,}",
            text,
            MAX_FILTER_LENGTH,
            "Split it into several overrides, or select rows by number instead.",
        )
    if not text.strip():
        raise FilterSyntaxError("the filter is empty", text, 0, GRAMMAR_HINT)
    return _Parser(text).parse()
