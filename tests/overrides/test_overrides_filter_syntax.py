"""The filter language's syntax: tokens, precedence, positions, limits and hostile text."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dealbrain.overrides
from dealbrain.overrides import (
    MAX_DEPTH,
    MAX_FILTER_LENGTH,
    FilterSyntaxError,
    compile_filter,
    parse_filter,
)
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
    Not,
    Or,
)


def _cmp(name: str, offset: int, op: str, value: object, kind: LiteralKind, at: int) -> Comparison:
    return Comparison(FieldRef(name, offset), ComparisonOperator(op), Literal(value, kind, at))


def test_not_binds_tighter_than_and_which_binds_tighter_than_or() -> None:
    tree = parse_filter("a = 1 or b = 2 and not c = 3")
    assert tree == Or(
        (
            _cmp("a", 0, "=", 1, LiteralKind.NUMBER, 4),
            And(
                (
                    _cmp("b", 9, "=", 2, LiteralKind.NUMBER, 13),
                    Not(_cmp("c", 23, "=", 3, LiteralKind.NUMBER, 27), 19),
                )
            ),
        )
    )


def test_parentheses_override_precedence() -> None:
    tree = parse_filter("(a = 1 or b = 2) and c = 3")
    assert isinstance(tree, And)
    assert isinstance(tree.operands[0], Or)


def test_chains_of_and_or_are_flat() -> None:
    tree = parse_filter("a = 1 or a = 2 or a = 3 or a = 4")
    assert isinstance(tree, Or) and len(tree.operands) == 4


@pytest.mark.parametrize("operator", ["=", "!=", "<", "<=", ">", ">="])
def test_every_comparison_operator_parses(operator: str) -> None:
    tree = parse_filter(f"cores {operator} 4")
    assert tree == _cmp("cores", 0, operator, 4, LiteralKind.NUMBER, 7 + len(operator))


def test_operators_need_no_spaces() -> None:
    assert parse_filter("cores>=-4") == _cmp("cores", 0, ">=", -4, LiteralKind.NUMBER, 7)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1", 1), ("-3", -3), ("2.5", 2.5), ("-0.25", -0.25), (".5", 0.5), ("1e3", 1000.0)],
)
def test_number_literals(text: str, value: float) -> None:
    tree = parse_filter(f"x = {text}")
    assert isinstance(tree, Comparison)
    assert tree.literal == Literal(value, LiteralKind.NUMBER, 4)
    assert type(tree.literal.value) is type(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('"Intel"', "Intel"),
        ("'Intel'", "Intel"),
        (r'"say \"hi\""', 'say "hi"'),
        (r"'it\'s'", "it's"),
        (r'"back\\slash"', "back\\slash"),
        (r'"tab\there"', "tab\there"),
        ("\"a 'mixed' quote\"", "a 'mixed' quote"),
    ],
)
def test_string_literals_and_escapes(text: str, value: str) -> None:
    tree = parse_filter(f"name = {text}")
    assert isinstance(tree, Comparison)
    assert tree.literal == Literal(value, LiteralKind.STRING, 7)


def test_keywords_are_case_insensitive() -> None:
    tree = parse_filter('NOT a IS NOT NULL AND b In (TRUE, False, Null) Or c CONTAINS "x"')
    assert tree == Or(
        (
            And(
                (
                    Not(IsNull(FieldRef("a", 4), negated=True), 0),
                    InList(
                        FieldRef("b", 22),
                        (
                            Literal(True, LiteralKind.BOOLEAN, 28),
                            Literal(False, LiteralKind.BOOLEAN, 34),
                            Literal(None, LiteralKind.NULL, 41),
                        ),
                    ),
                )
            ),
            Contains(FieldRef("c", 50), Literal("x", LiteralKind.STRING, 61)),
        )
    )


def test_not_in_not_contains_and_trailing_comma() -> None:
    assert parse_filter("a not in (1, 2,)") == InList(
        FieldRef("a", 0),
        (Literal(1, LiteralKind.NUMBER, 10), Literal(2, LiteralKind.NUMBER, 13)),
        negated=True,
    )
    assert parse_filter('a not contains "x"') == Contains(
        FieldRef("a", 0), Literal("x", LiteralKind.STRING, 15), negated=True
    )


def test_backquotes_name_a_field_that_is_a_keyword() -> None:
    assert parse_filter("`in` is null") == IsNull(FieldRef("in", 0))


@pytest.mark.parametrize(
    ("text", "column", "problem"),
    [
        ("cores >", 8, "expected a value"),
        ("cores 4", 7, "expected a comparison"),
        ("> 4", 1, "expected a field name"),
        ("4 = cores", 1, "expected a field name"),
        ("cores > 4 cores", 11, "expected 'and', 'or'"),
        ("(cores > 4", 11, "expected ')' to close the '(' at column 1"),
        ("cores > 4)", 10, "expected 'and', 'or'"),
        ("cores in ()", 11, "the list is empty"),
        ("cores in 1, 2", 10, "expected '(' to start the list"),
        ("cores in (1 2)", 13, "expected ',' or ')'"),
        ("cores is 4", 10, "expected 'null'"),
        ("cores not = 4", 11, "expected 'in' or 'contains'"),
        ("name = Intel", 8, "expected a value"),
        ('name = "Intel', 8, "quoted text is never closed"),
        (r'name = "a\qb"', 10, "unknown escape"),
        ("cores == 4", 7, "'==' is not part of the filter language"),
        ("cores <> 4", 7, "'<>' is not part of the filter language"),
        ("a = 1 && b = 2", 7, "'&&'"),
        ("a = 1 || b = 2", 7, "'||'"),
        ("cores = 4abc", 10, "runs into"),
        ("cores = 4 # note", 11, "unexpected character '#'"),
        ("   ", 1, "the filter is empty"),
        ("", 1, "the filter is empty"),
        ("and", 1, "expected a field name"),
        ("`name", 1, "backquoted field name is never closed"),
        ("cores = \u0663", 9, "unexpected character"),
    ],
)
def test_syntax_errors_point_at_the_problem(text: str, column: int, problem: str) -> None:
    with pytest.raises(FilterSyntaxError) as raised:
        parse_filter(text)
    error = raised.value
    assert error.column == column
    assert problem in error.problem
    assert error.hint
    message = str(error)
    assert message.startswith(f"Filter error at column {column}: ")
    assert "Hint: " in message


def test_message_has_the_text_and_a_caret_under_the_problem() -> None:
    with pytest.raises(FilterSyntaxError) as raised:
        parse_filter("cores > 4 and name = Intel")
    lines = str(raised.value).splitlines()
    assert lines[1] == "    cores > 4 and name = Intel"
    assert lines[2] == "    " + " " * 21 + "^"
    assert "quotes" in lines[3]


def test_long_text_is_shown_as_a_window_around_the_problem() -> None:
    text = "cores = 1 or " * 40 + "cores = Intel"
    with pytest.raises(FilterSyntaxError) as raised:
        parse_filter(text)
    lines = str(raised.value).splitlines()
    assert lines[1].startswith("    ...") and len(lines[1]) < 90
    caret = lines[2].index("^")
    assert lines[1][caret:].startswith("Intel")


def test_filter_error_is_a_value_error() -> None:
    assert issubclass(FilterSyntaxError, ValueError)


def test_length_limit() -> None:
    parse_filter("a = 1" + " " * (MAX_FILTER_LENGTH - 5))
    with pytest.raises(FilterSyntaxError, match="limit is 2,000") as raised:
        parse_filter("a = 1" + " " * MAX_FILTER_LENGTH)
    assert raised.value.column == MAX_FILTER_LENGTH + 1


def test_depth_limit_for_parentheses() -> None:
    parse_filter("(" * MAX_DEPTH + "a = 1" + ")" * MAX_DEPTH)
    with pytest.raises(FilterSyntaxError, match="nests deeper than 50") as raised:
        parse_filter("(" * (MAX_DEPTH + 1) + "a = 1" + ")" * (MAX_DEPTH + 1))
    assert raised.value.column == MAX_DEPTH + 1


def test_depth_limit_for_not() -> None:
    parse_filter("not " * MAX_DEPTH + "a = 1")
    with pytest.raises(FilterSyntaxError, match="nests deeper"):
        parse_filter("not " * (MAX_DEPTH + 1) + "a = 1")


def test_very_deep_input_is_refused_without_recursion_error() -> None:
    with pytest.raises(FilterSyntaxError):
        parse_filter("(" * 1_999)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("__import__('os').system('x')", 17),
        ('name = "x"; DROP TABLE cpu', 11),
        ("name = 1 or 1=1 --", 17),
        ("name = 1 or 1=1", 13),
        ("name.__class__ = 1", 5),
        ("exec('print(1)')", 5),
        ("name = `rm -rf /`", 8),
        ('name = "x" or lambda: 1', 21),
        ("name = {1}", 8),
        ("name = [1]", 8),
        ("name = $HOME", 8),
    ],
)
def test_hostile_text_is_refused(text: str, column: int, cpu_fields: dict) -> None:
    with pytest.raises(FilterSyntaxError) as raised:
        compile_filter(text, cpu_fields)
    assert raised.value.column == column


def test_code_inside_quotes_stays_a_literal(cpu_fields: dict) -> None:
    tree = parse_filter("name = \"__import__('os').system('x')\"")
    assert isinstance(tree, Comparison)
    assert tree.literal.value == "__import__('os').system('x')"
    compile_filter('name = "x\'; DROP TABLE cpu; --"', cpu_fields)


def test_package_never_evaluates_code() -> None:
    forbidden = {"eval", "exec", "compile", "__import__", "getattr", "setattr"}
    package = Path(dealbrain.overrides.__file__).parent
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in forbidden, f"{source.name} calls {node.func.id}"
