"""A lean run of Lark's own LALR tables and contextual lexers, for compiling.

engine/parse.py builds the parser with Lark (strict LALR, contextual lexer): the
grammar, its conflict and collision checks, the parse table and each parser state's
terminals are all Lark's. Lark's run-time loop, though, is general (interactive
parsing, error recovery, line counting, lexer callbacks), and its lexer tries every
terminal of a state, in priority order, at every position, whitespace included; on
criteria lines that was most of the compile time. LeanParser walks the same table with
the same terminals and rule callbacks, with these shortcuts:

* a lexer state tries only the terminals that can begin with the character at hand
  (worked out once from each terminal's regular expression: scan_patterns.first_chars,
  which also rewrites each pattern to be matched in fewer steps), still in Lark's order, so
  the first that matches is the one Lark's alternation would have found;
* a token's match also takes the ignored token after it (the spaces) when it begins
  with a character no other terminal can begin with: in whatever state comes next,
  Lark's lexer would read it as an ignored token too;
* one plain loop lexes, shifts and reduces, and a ?rule of one child keeps that child as
  its value without the call Lark would make to hand it back;
* a rule's callback is the transformer's method, given the children Lark's would give it
  but picked without Lark's wrappers, and an inlined _rule's value is the plain list of
  the children it hands on (Lark builds a Tree to be taken apart by the rule above).

Errors are Lark's exception types at the same token or column, without the set of
expected tokens (parse.py asks Lark's own parser for it when a person will read the
message). Tokens carry their columns (start_pos, end_pos), not line numbers: a
criterion is one line. It reads Lark's internals (pinned to one version in
pyproject.toml); tests/test_lalr.py checks that both parsers agree.
"""
from __future__ import annotations

import re
import string
from functools import partial
from importlib import import_module
from typing import Callable, NamedTuple, Optional

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lexer import _create_unless
from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders, ExpandSingleChild
from lark.parsers.lalr_analysis import Shift

from .scan_patterns import first_chars, lexer_patterns

Match = Callable[[str, int], Optional[re.Match]]
Callback = Callable[[list], object]

# ------------------------------------------------------------------ lexer states
def _no_match(text: str, pos: int) -> None:
    return None


# A lexer state remembers the scanner of this many characters; text in an unusual
# script beyond that is scanned with all the state's terminals (same result, slower).
_CHARS_KEPT = 256


class _StateLexer:
    """One contextual-lexer state: its terminals' names in Lark's order and, per character
    met, a scanner of only those terminals that can begin with it."""

    def __init__(self, names: tuple[str, ...], scanners: "_Scanners") -> None:
        self.names = names
        self.scanners = scanners
        self.by_char: dict[str, Match] = {}

    def scanner_for(self, char: str) -> Match:
        if len(self.by_char) >= _CHARS_KEPT:
            return self.scanners.of(self.names)
        names = tuple(name for name in self.names if self.scanners.may_begin(name, char))
        scan = self.by_char[char] = self.scanners.of(names)
        return scan


class _Scanners:
    """Scanners of terminal subsets, shared between lexer states: each terminal's pattern
    tried in the order given, the first match taken, as the alternation Lark's Scanner
    builds would (the ignored run after it always matches, so an alternation never goes
    back to a later alternative). Each terminal is compiled once, when first tried, as a
    named group followed by the ignored token (see _trailing_ignored): its match runs on
    over the spaces after the token, which is the named group. One alternation per subset
    cost a compile of every terminal in it for each subset met (most of the time of a
    process's first lines) and matched no faster."""

    def __init__(self, terminals: tuple[tuple[str, str], ...], ignore: frozenset[str], regex_flags: int,
                 re_module) -> None:
        regexps = dict(terminals)
        if re_module is re:
            self.first, self.regexps = lexer_patterns(regexps, regex_flags)
        else:  # the rewrites are re's; another engine scans with the terminals' own patterns
            self.first = {name: first_chars(regexp, regex_flags) for name, regexp in regexps.items()}
            self.regexps = regexps
        self.regex_flags = regex_flags
        self.re_module = re_module
        self.built: dict[tuple[str, ...], Match] = {}
        self.compiled: dict[str, Match] = {}
        self.trailing_ignored = self._trailing_ignored([regexp for name, regexp in terminals if name in ignore],
                                                       ignore)

    def may_begin(self, name: str, char: str) -> bool:
        first = self.first[name]
        return first is None or first.match(char) is not None

    def _trailing_ignored(self, ignored: list[str], ignore: frozenset[str]) -> str:
        """A pattern for an ignored token, if any, beginning with a blank (of the ASCII
        whitespace) that no other terminal can begin with: there, in any state, Lark's
        lexer tries only the ignored terminals, in this order. An empty alternative makes
        it optional (cheaper for the regex engine than a "?" on a group). "" when there is
        no such blank, or the pattern would capture a group (the token's group must close
        last)."""
        others = [name for name in self.first if name not in ignore]
        blanks = "".join(c for c in string.whitespace
                         if not any(self.may_begin(name, c) for name in others))
        if not ignored or not blanks:
            return ""
        alternatives = "|".join(ignored)
        run = f"(?:(?=[{re.escape(blanks)}])(?:{alternatives})|)"
        return run if self.re_module.compile(run, self.regex_flags).groups == 0 else ""

    def of(self, names: tuple[str, ...]) -> Match:
        scan = self.built.get(names)
        if scan is None:
            scan = self._scanner(names) if names else _no_match
            self.built[names] = scan
        return scan

    def _scanner(self, names: tuple[str, ...]) -> Match:
        matches = [self._terminal(name) for name in names]
        if len(matches) == 1:
            return matches[0]

        def scan(text: str, pos: int) -> Optional[re.Match]:
            for match in matches:
                found = match(text, pos)
                if found is not None:
                    return found
            return None
        return scan

    def _terminal(self, name: str) -> Match:
        """One terminal's match: its pattern as rewritten for scanning (engine/scan_patterns.py:
        the same matches, found with fewer steps), as a named group, then the ignored run."""
        match = self.compiled.get(name)
        if match is None:
            match = self.compiled[name] = self.re_module.compile(
                f"(?P<{name}>{self.regexps[name]}){self.trailing_ignored}", self.regex_flags).match
        return match


# ------------------------------------------------------------------ the parser
_new_str = str.__new__


def _new_token(kind: str, value: str, start: int, end: int) -> Token:
    """Token(kind, value, start_pos=start, end_pos=end), its slots set here: Lark's
    constructor, a classmethod calling super().__new__, costs a third more, and a token is
    made for every word run, number and sign of every line."""
    token = _new_str(Token, value)
    token.type, token.value, token.start_pos, token.end_pos = kind, value, start, end
    token.line = token.column = token.end_line = token.end_column = None
    return token


class _ParserState:
    """One LALR state: what each terminal (or, after a reduction, rule name) does there,
    and the lexer for the token that comes next."""

    __slots__ = ("actions", "lexer")


class LeanTables(NamedTuple):
    """What the lean parser reads of a Lark parser, as plain values: kept pickled in the
    cache folder (engine/parse.py), so that a process need not make Lark's parser from Lark's
    own cache (a tenth of `elig explain`'s start-up) to compile a line."""

    terminals: tuple[tuple[str, str], ...]   # the root lexer's (name, pattern), in Lark's order
    ignore: frozenset[str]
    regex_flags: int
    re_module: str                           # the regular-expression module Lark's lexer uses
    state_terminals: dict[int, tuple[str, ...]]   # each parser state's lexer: its terminals' names
    actions: dict[int, dict[str, tuple[bool, int]]]  # (True, next state) or (False, rule number)
    # Per rule number: (size, callback, rule name); callback None for a ?rule of one child,
    # else (the children kept, as Lark's child filter keeps them, or None for all; the
    # transformer's method, or None for an inlined _rule, whose value is its children).
    rules: tuple[tuple[int, Optional[tuple], str], ...]
    start: int
    end: int


def lean_tables(lark: Lark, start: str = "start") -> LeanTables:
    """The tables of a Lark LALR parser with the contextual lexer; ValueError for what the
    lean parser cannot run (terminal callbacks, callbacks Lark wraps otherwise)."""
    frontend = lark.parser
    table = frontend.parser._parse_table
    callbacks = frontend.parser.parser.callbacks
    if any(isinstance(key, str) for key in callbacks):
        raise ValueError("terminal callbacks are not supported by the lean parser")
    root = frontend.lexer.root_lexer
    _refuse_terminal_callbacks(root)
    numbers: dict = {}   # a rule reduced in many states: described once
    rules: list[tuple] = []

    def number(rule) -> int:
        if rule not in numbers:
            numbers[rule] = len(rules)
            rules.append(_reduction(rule, callbacks, lark.options.transformer))
        return numbers[rule]

    actions = {state: {str(symbol): (True, arg) if action is Shift else (False, number(arg))
                       for symbol, (action, arg) in table.states[state].items()}
               for state in table.states}
    return LeanTables(
        terminals=tuple((t.name, t.pattern.to_regexp()) for t in root.terminals),
        ignore=frozenset(root.ignore_types), regex_flags=root.g_regex_flags, re_module=root.re.__name__,
        state_terminals={state: tuple(t.name for t in basic.terminals)
                         for state, basic in frontend.lexer.lexers.items()},
        actions=actions, rules=tuple(rules), start=table.start_states[start], end=table.end_states[start])


class LeanParser:
    """Parses with a Lark LALR parser's tables, lexers and callbacks (see the module
    docstring); ``parse`` returns what Lark's ``parse`` would."""

    def __init__(self, lark: Lark, start: str = "start") -> None:
        self._build(lean_tables(lark, start), lark.options.transformer)

    @classmethod
    def of_tables(cls, tables: LeanTables, transformer) -> "LeanParser":
        """The parser of tables lean_tables made, its rules' methods the transformer's."""
        parser = cls.__new__(cls)
        parser._build(tables, transformer)
        return parser

    def _build(self, tables: LeanTables, transformer) -> None:
        re_module = re if tables.re_module == "re" else import_module(tables.re_module)
        scanners = _Scanners(tables.terminals, tables.ignore, tables.regex_flags, re_module)
        self.ignore = tables.ignore
        self.root_lexer = _StateLexer(tuple(name for name, _ in tables.terminals), scanners)
        lexers = _state_lexers(tables.state_terminals, scanners)
        states = {number: _ParserState() for number in tables.actions}
        reductions = [(False, _lean_reduction(rule, transformer)) for rule in tables.rules]
        for number, state in states.items():
            state.lexer = lexers[number]
            state.actions = {symbol: (True, states[arg]) if shift else reductions[arg]
                             for symbol, (shift, arg) in tables.actions[number].items()}
        self.start = states[tables.start]
        self.end = states[tables.end]


    def parse(self, text: str):
        """The start rule's callback value for text; raises UnexpectedCharacters or
        UnexpectedToken where Lark's parser would.

        Each token is read, then the table reduces while it says so and shifts the token,
        all in this one loop (a method call per token cost a percent of compiling). The end
        token is never shifted: reducing to the start rule reaches the end state, and its
        value is the parse."""
        stack, values = [self.start], []
        ignore, end_state = self.ignore, self.end
        pos, length, token = 0, len(text), None
        while True:
            if pos < length:
                lexer, char = stack[-1].lexer, text[pos]
                match = (lexer.by_char.get(char) or lexer.scanner_for(char))(text, pos)
                if match is None:
                    raise self._unexpected_characters(text, pos)
                start, pos, kind = pos, match.end(), match.lastgroup
                if kind in ignore:
                    continue
                # _new_token, inlined: a call per token cost a percent of compiling
                token = _new_str(Token, value := match.group(kind))
                token.type, token.value, token.start_pos, token.end_pos = kind, value, start, match.end(kind)
                token.line = token.column = token.end_line = token.end_column = None
            else:  # the end token, at the last token's columns (as Lark's new_borrow_pos)
                kind = "$END"
                token = _new_token(kind, "", token.start_pos, token.end_pos) if token else \
                    Token(kind, "", 0, 1, 1)
            actions = stack[-1].actions
            while True:
                try:
                    shift, arg = actions[kind]
                except KeyError:
                    raise UnexpectedToken(token, set()) from None
                if shift:
                    stack.append(arg)
                    values.append(token)
                    break
                size, callback, origin = arg
                if callback is None:  # a ?rule of one child: the child is the value
                    state = stack[-1] = stack[-2].actions[origin][1]
                elif size == 1:  # most reductions: the value and state take the child's place
                    values[-1] = callback(values[-1:])
                    state = stack[-1] = stack[-2].actions[origin][1]
                else:
                    if size:
                        children = values[-size:]
                        del stack[-size:], values[-size:]
                    else:
                        children = []
                    values.append(callback(children))
                    state = stack[-1].actions[origin][1]
                    stack.append(state)
                if state is end_state:
                    return values[-1]
                actions = state.actions

    def _unexpected_characters(self, text: str, pos: int) -> Exception:
        """As Lark's contextual lexer: a token of another state there is an unexpected
        token; else the characters are unexpected."""
        char = text[pos]
        match = (self.root_lexer.by_char.get(char) or self.root_lexer.scanner_for(char))(text, pos)
        if match is None:
            return UnexpectedCharacters(text, pos, None, None)
        kind = match.lastgroup
        return UnexpectedToken(_new_token(kind, match.group(kind), pos, match.end(kind)), set())


def _state_lexers(state_terminals: dict[int, tuple[str, ...]], scanners: _Scanners) -> dict[int, _StateLexer]:
    """Lark's contextual lexer per parser state, each as a _StateLexer (states that
    accept the same terminals share one, as in Lark). A state's scanner would try its
    terminals in the order Lark sorted them (basic.terminals): terminal callbacks, the
    one thing that could change that, are refused for the root lexer (see _refuse_terminal_callbacks), and
    a state has none that the root lexer, holding every terminal, lacks."""
    made: dict[tuple[str, ...], _StateLexer] = {}
    return {number: made.get(names) or made.setdefault(names, _StateLexer(names, scanners))
            for number, names in state_terminals.items()}


def _refuse_terminal_callbacks(basic) -> None:
    """Lark gives a lexer's terminals callbacks (the user's, and Lark's own for a string
    that a pattern of the same priority matches too: _create_unless) when it builds its
    scanner; this parser would skip them. The grammar has none, and a grammar that had
    some would fail here, when the parser is made. They are worked out as Lark does,
    without compiling Lark's scanner, which this parser never runs."""
    _, unless = _create_unless(basic.terminals, basic.g_regex_flags, basic.re, basic.use_bytes)
    if basic.user_callbacks or unless:
        raise ValueError("terminal callbacks are not supported by the lean parser")


def _reduction(rule, callbacks, transformer) -> tuple:
    """(size, callback, rule name) of a rule, as LeanTables.rules describes it."""
    callback, size, name = callbacks[rule], len(rule.expansion), str(rule.origin.name)
    if type(callback) is ExpandSingleChild and size == 1:
        return size, None, name
    return size, _callback(callback, rule, name, transformer), name


def _callback(callback, rule, name: str, transformer) -> tuple:
    """Lark's callback of a rule, without its wrappers: (the children its child filter keeps,
    or None; the transformer's method that gets them, or None for an inlined _rule, whose
    callback is Lark's default, a Tree that every rule using it expands). Any other wrapper
    Lark may add is refused when the tables are made."""
    include = None
    if type(callback) is ChildFilterLALR_NoPlaceholders:
        include, callback = tuple(map(tuple, callback.to_include)), callback.node_builder
    inlined = name.startswith("_")
    if inlined != (type(callback) is partial) or type(callback) is ExpandSingleChild:
        raise ValueError(f"rule {name}: a callback the lean parser cannot run")
    if inlined:
        return include, None
    method = rule.alias or rule.options.template_source or name   # the name Lark looks up
    if getattr(transformer, method, None) != callback:
        raise ValueError(f"rule {name}: a callback the lean parser cannot run")
    return include, method


def _lean_reduction(rule: tuple, transformer) -> tuple:
    """(size, callback, rule name) for the parse loop: the transformer's method given the
    children Lark's callback would give it; an inlined _rule's children as a list."""
    size, callback, name = rule
    if callback is None:
        return rule
    include, method = callback
    build = getattr(transformer, method) if method else None
    if include is None:
        return size, list if build is None else build, name
    return size, _child_filter(list(include), build), name


def _child_filter(include: list[tuple[int, bool]], build: Optional[Callback]) -> Callback:
    """What Lark's ChildFilterLALR_NoPlaceholders passes on: the children kept (tokens
    filtered out are dropped), an inlined _rule's list spliced in; then build's value, or
    the list itself for an inlined rule (build None).

    Left recursion (a _rule's list first, as in "name: name_part+") extends that list in
    place, as Lark extends the Tree's: nothing else holds it."""
    build = build or _itself
    if not any(expand for _, expand in include):
        indices = [index for index, _ in include]
        return lambda children: build([children[index] for index in indices])
    if len(include) == 1:
        index = include[0][0]
        return lambda children: build(children[index])
    if include[0][1] and not any(expand for _, expand in include[1:]):
        first, rest = include[0][0], [index for index, _ in include[1:]]

        def extend_first(children):
            kept = children[first]
            kept += [children[index] for index in rest]
            return build(kept)
        return extend_first

    def splice(children):
        kept = []
        for index, expand in include:
            if expand:
                kept += children[index]
            else:
                kept.append(children[index])
        return build(kept)
    return splice


def _itself(kept: list) -> list:
    return kept
