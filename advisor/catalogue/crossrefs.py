"""Checks across files: ids unique over courses, awards and schemes; every reference resolves;
no prerequisite cycles."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from advisor.catalogue.problems import Problems

Kind = Literal["course", "award", "scheme"]


@dataclass(frozen=True)
class Declared:
    kind: Kind
    id: str
    file: str
    line: int


@dataclass(frozen=True)
class Reference:
    """`field` at `file:line` names `target`, which must be a `kind`."""

    file: str
    line: int
    field: str
    kind: Kind
    target: str


@dataclass
class Links:
    """Everything the per-file checks found that the cross-file checks need."""

    declared: list[Declared] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    # course id -> (the row's line, its prerequisite ids)
    prerequisites: dict[str, tuple[int, list[str]]] = field(default_factory=dict)
    # Kinds whose file could not be read in full: references to them are not checked, so one broken
    # file does not bury its own problem under "no such id" reports from the others.
    unreadable: set[Kind] = field(default_factory=set)


def check_links(links: Links, problems: Problems) -> None:
    first = _check_unique(links.declared, problems)
    for ref in links.references:
        found = first.get(ref.target)
        if found is None and ref.kind in links.unreadable:
            continue
        if found is None:
            problems.add(ref.file, ref.line, ref.field, f"no {ref.kind} has the id `{ref.target}`")
        elif found.kind != ref.kind:
            problems.add(
                ref.file, ref.line, ref.field, f"`{ref.target}` is {_a(found.kind)}, not {_a(ref.kind)}"
            )
    _check_cycles(links.prerequisites, problems)


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _check_unique(declared: list[Declared], problems: Problems) -> dict[str, Declared]:
    first: dict[str, Declared] = {}
    for item in declared:
        earlier = first.get(item.id)
        if earlier is None:
            first[item.id] = item
            continue
        problems.add(
            item.file,
            item.line,
            "id",
            f"`{item.id}` is already the id of {_a(earlier.kind)} at {earlier.file}:{earlier.line}"
            " (ids must be unique across courses, awards and schemes)",
        )
    return first


def _check_cycles(graph: dict[str, tuple[int, list[str]]], problems: Problems) -> None:
    """One problem per group of courses that require each other, at the first such row."""
    edges = {course: [p for p in prereqs if p in graph] for course, (_, prereqs) in graph.items()}
    for component in _strongly_connected(edges):
        if len(component) == 1:
            only = next(iter(component))
            if only not in edges[only]:
                continue
        start = min(component, key=lambda course: graph[course][0])
        path = _path_back(start, edges, component)
        problems.add(
            "courses.csv",
            graph[start][0],
            "prerequisites",
            f"prerequisites go round in a circle (each needs the next): {' -> '.join(path)}",
        )


def _path_back(start: str, edges: dict[str, list[str]], component: set[str]) -> list[str]:
    """Shortest route start -> ... -> start through prerequisites, inside one cycle group."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        course = queue.popleft()
        for prereq in edges[course]:
            if prereq not in component:
                continue
            if prereq == start:
                path = [course]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [start, *reversed(path[:-1]), start] if course != start else [start, start]
            if prereq not in came_from:
                came_from[prereq] = course
                queue.append(prereq)
    return [start, start]


def _strongly_connected(edges: dict[str, list[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative so long prerequisite chains cannot overflow the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child_pos = work.pop()
            if child_pos == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = edges[node]
            if child_pos < len(children):
                work.append((node, child_pos + 1))
                child = children[child_pos]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components
