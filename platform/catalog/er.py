"""The entity-relationship view between datasets: which dataset builds on which, through which keys.

Laid out in layers by dependency depth (a dataset sits one column right of its deepest dependency),
and drawn by the template as SVG: no layout library for a graph of about twenty nodes.
"""

from __future__ import annotations

from dataclasses import dataclass

NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 170, 46, 70, 22, 10


@dataclass(frozen=True)
class Node:
    id: str
    title: str
    x: int
    y: int
    is_real: bool


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    keys: tuple[str, ...]
    path: str  # SVG path data from the dependency's right edge to the dependent's left edge
    label_x: int
    label_y: int


def _key_columns(tables: list[dict]) -> set[str]:
    return {c["name"] for t in tables for c in t["columns"] if c["name"].endswith("_id") or c["name"] in ("venue",)}


def diagram(datasets: list) -> dict:
    """Nodes, edges (labelled with the key columns the two datasets share) and the canvas size."""
    by_id = {d.id: d for d in datasets}
    depth: dict[str, int] = {}

    def depth_of(did: str, trail: tuple = ()) -> int:
        if did not in depth:
            deps = [d for d in by_id[did].depends_on if d in by_id and d not in trail]
            depth[did] = 1 + max((depth_of(d, (*trail, did)) for d in deps), default=-1)
        return depth[did]

    layers: dict[int, list[str]] = {}
    for d in sorted(by_id):
        layers.setdefault(depth_of(d), []).append(d)
    nodes = {}
    for level, ids in layers.items():
        for row, did in enumerate(ids):
            nodes[did] = Node(did, by_id[did].title, PAD + level * (NODE_W + GAP_X), PAD + row * (NODE_H + GAP_Y),
                              by_id[did].is_real)
    edges = []
    for did, ds in sorted(by_id.items()):
        for dep in ds.depends_on:
            if dep not in nodes:
                continue
            a, b = nodes[dep], nodes[did]
            x1, y1, x2, y2 = a.x + NODE_W, a.y + NODE_H // 2, b.x, b.y + NODE_H // 2
            mid = (x1 + x2) // 2
            keys = tuple(sorted(_key_columns(ds.tables) & _key_columns(by_id[dep].tables)))
            edges.append(Edge(dep, did, keys, f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}", mid, (y1 + y2) // 2 - 4))
    width = PAD * 2 + (max(layers, default=0) + 1) * (NODE_W + GAP_X) - GAP_X
    height = PAD * 2 + max((len(v) for v in layers.values()), default=1) * (NODE_H + GAP_Y) - GAP_Y
    return {"nodes": list(nodes.values()), "edges": edges, "width": width, "height": height,
            "node_w": NODE_W, "node_h": NODE_H}
