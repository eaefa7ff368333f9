#!/usr/bin/env python3
"""Lists cycles between the modules (source files) of the workspace's crates.

A module depends on another when it names it in a path: `use crate::a::b`,
`crate::a::b::thing`, `super::x` or `app::x` (the server naming the app).
Declaring a child module (`mod x;`) is not a dependency, and unit test files
(`x/tests.rs`) are left out. Prints each cycle and exits 1 if there is any;
prints "no cycles" with the count of modules and dependencies otherwise.

Usage: python3 scripts/module-cycles.py   (from the workspace root)
"""

import pathlib
import re
import sys

CRATES = {"app": "app/src", "server": "server/src", "frontend": "frontend/src"}
PATH = re.compile(r"\b(crate|super|self|app)((?:::\w+)+)")
USE_GROUP = re.compile(r"\buse\s+(crate|super|self|app)((?:::\w+)*)::\{([^;]*?)\};", re.S)


def module_files(crate, root):
    """Module path (tuple) for every source file of a crate."""
    modules = {}
    for file in pathlib.Path(root).rglob("*.rs"):
        parts = list(file.relative_to(root).with_suffix("").parts)
        if parts[-1] == "tests" or "tests" in parts[:-1]:
            continue
        if parts[-1] in ("mod", "lib", "main"):
            parts = parts[:-1]
        if parts and parts[0] == "bin":
            continue
        modules[(crate, *parts)] = file
    return modules


def resolve(modules, here, head, tail):
    """The deepest module a path names, or None."""
    crate = here[0]
    if head == "crate":
        base = [crate]
    elif head == "app":
        base = ["app"]
    elif head == "self":
        base = list(here)
    else:  # super, possibly repeated
        base = list(here[:-1])
        while tail and tail[0] == "super":
            base = base[:-1]
            tail = tail[1:]
    parts = base + [t for t in tail if t != "self"]
    while parts:
        if tuple(parts) in modules:
            return tuple(parts)
        parts = parts[:-1]
    return None


def dependencies(modules):
    graph = {module: set() for module in modules}
    for module, file in modules.items():
        text = file.read_text()
        text = re.sub(r"//[^\n]*", "", text)
        # In a mod.rs or a crate root, `super` is the parent; elsewhere the
        # file's own parent module.
        paths = [(h, t) for h, t in PATH.findall(text)]
        for head, prefix, group in USE_GROUP.findall(text):
            for item in re.split(r"[,\s]+", group):
                item = item.strip().split(" as ")[0]
                if item and item not in ("self", "*"):
                    paths.append((head, prefix + "::" + item))
        for head, tail in paths:
            if head == "app" and module[0] != "server" and module[0] != "frontend":
                continue
            target = resolve(modules, module, head, [p for p in tail.split("::") if p])
            if target and target != module and not is_ancestor(target, module):
                graph[module].add(target)
    return graph


def is_ancestor(a, b):
    return len(a) < len(b) and b[: len(a)] == a


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for next_node in graph[node]:
            if next_node not in index:
                visit(next_node)
                low[node] = min(low[node], low[next_node])
            elif next_node in on_stack:
                low[node] = min(low[node], index[next_node])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    sys.setrecursionlimit(10_000)
    for node in graph:
        if node not in index:
            visit(node)
    return found


def main():
    modules = {}
    for crate, root in CRATES.items():
        modules.update(module_files(crate, root))
    graph = dependencies(modules)
    found = cycles(graph)
    edges = sum(len(targets) for targets in graph.values())
    if not found:
        print(f"no cycles: {len(modules)} modules, {edges} dependencies between them")
        return 0
    for component in found:
        names = sorted("::".join(m) for m in component)
        print("cycle:", " <-> ".join(names))
    return 1


if __name__ == "__main__":
    sys.exit(main())
