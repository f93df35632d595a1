"""A deterministic layout of a network: stress majorization, then labels pushed apart, then components packed.

Pure Python and no randomness, so that the same graph always gives the same picture
(and a diff of two pictures shows what changed). Good for the hundred or so nodes a
picture can show; each node is a box (its circle and label) that no other box overlaps.

>>> pos = layout(["a", "b", "c"], [("a", "b"), ("b", "c")], {k: (40, 30) for k in "abc"})
>>> sorted(pos) == ["a", "b", "c"] and abs(pos["a"][0] - pos["c"][0]) + abs(pos["a"][1] - pos["c"][1]) > 150
True
"""

import heapq
import math
from collections import deque

HOP = 150.0  # the ideal distance between two neighbours
GAP = 10.0  # the least space between two boxes


def _components(nodes, adjacent):
    seen, out = set(), []
    for start in nodes:
        if start in seen:
            continue
        part, todo = [], deque([start])
        seen.add(start)
        while todo:
            node = todo.popleft()
            part.append(node)
            for other in sorted(adjacent[node]):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        out.append(sorted(part))
    return sorted(out, key=lambda p: (-len(p), p[0]))


def _length(adjacent, a, b):
    """The ideal length of an edge, in hops: longer between busy nodes, which need room for their edges."""
    return 0.7 + 0.12 * (math.sqrt(len(adjacent[a])) + math.sqrt(len(adjacent[b])))


def _distances(part, adjacent):
    """Shortest path lengths between the nodes of a component (Dijkstra over the ideal edge lengths)."""
    index = {n: i for i, n in enumerate(part)}
    d = [[0.0] * len(part) for _ in part]
    for source in part:
        done, todo = {}, [(0.0, source)]
        while todo:
            dist, node = heapq.heappop(todo)
            if node in done:
                continue
            done[node] = dist
            for other in adjacent[node]:
                if other not in done:
                    heapq.heappush(todo, (dist + _length(adjacent, node, other), other))
        for other, dist in done.items():
            d[index[source]][index[other]] = dist
    return d


def _classical_mds(d):
    """Two coordinates from classical scaling, by power iteration from fixed start vectors."""
    n = len(d)
    sq = [[x * x for x in row] for row in d]
    rows = [sum(r) / n for r in sq]
    total = sum(rows) / n
    b = [[-0.5 * (sq[i][j] - rows[i] - rows[j] + total) for j in range(n)] for i in range(n)]
    axes = []
    for k in range(2):
        v = [math.sin(1.0 + i * (1.7 + k)) for i in range(n)]
        value = 0.0
        for _ in range(100):
            w = [sum(b[i][j] * v[j] for j in range(n)) for i in range(n)]
            for axis, _ in axes:  # deflate what the earlier axes explain
                dot = sum(a * x for a, x in zip(axis, w))
                w = [x - dot * a for a, x in zip(axis, w)]
            norm = math.sqrt(sum(x * x for x in w)) or 1.0
            v, value = [x / norm for x in w], norm
        axes.append((v, value))
    return [[axes[0][0][i] * math.sqrt(axes[0][1]), axes[1][0][i] * math.sqrt(axes[1][1])] for i in range(n)]


def _stress(d, pos, iterations=300):
    """Stress majorization: each node moves to where its distances to the others best match the graph's."""
    n = len(d)
    for _ in range(iterations):
        for i in range(n):
            sx = sy = sw = 0.0
            xi, yi = pos[i]
            for j in range(n):
                if i == j:
                    continue
                w = 1.0 / (d[i][j] * d[i][j])
                dx, dy = xi - pos[j][0], yi - pos[j][1]
                dist = math.hypot(dx, dy) or 1e-6
                ideal = d[i][j] * HOP
                sx += w * (pos[j][0] + ideal * dx / dist)
                sy += w * (pos[j][1] + ideal * dy / dist)
                sw += w
            pos[i] = [sx / sw, sy / sw]
    return pos


def _separate(pos, sizes, rounds=400):
    """Push overlapping boxes apart along the axis where they overlap least, until none overlaps."""
    n = len(pos)
    for _ in range(rounds):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                dx, dy = pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]
                ox = (sizes[i][0] + sizes[j][0]) / 2 + GAP - abs(dx)
                oy = (sizes[i][1] + sizes[j][1]) / 2 + GAP - abs(dy)
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                if ox < oy:
                    step = (ox / 2 + 0.5) * (1 if dx >= 0 else -1)
                    pos[i][0] -= step
                    pos[j][0] += step
                else:
                    step = (oy / 2 + 0.5) * (1 if dy >= 0 else -1)
                    pos[i][1] -= step
                    pos[j][1] += step
        if not moved:
            break
    return pos


def _bounds(points, sizes):
    left = min(p[0] - s[0] / 2 for p, s in zip(points, sizes))
    top = min(p[1] - s[1] / 2 for p, s in zip(points, sizes))
    right = max(p[0] + s[0] / 2 for p, s in zip(points, sizes))
    bottom = max(p[1] + s[1] / 2 for p, s in zip(points, sizes))
    return left, top, right, bottom


def _place(part, adjacent, sizes):
    if len(part) == 1:
        return [[0.0, 0.0]]
    d = _distances(part, adjacent)
    pos = _stress(d, [[x * HOP, y * HOP] for x, y in _classical_mds(d)])
    width = max(p[0] for p in pos) - min(p[0] for p in pos)
    height = max(p[1] for p in pos) - min(p[1] for p in pos)
    if height > width:  # lie the picture on its long side
        pos = [[y, -x] for x, y in pos]
    return _separate(pos, [sizes[n] for n in part])


def layout(nodes, edges, sizes, centre=None):
    """Positions {node: (x, y)} of the centres of boxes ``sizes`` {node: (width, height)}.

    Connected components are laid out apart and packed in rows, largest first; with
    ``centre``, its component comes first and the node sits at (0, 0).
    """
    nodes = sorted(nodes)
    adjacent = {n: set() for n in nodes}
    for a, b in edges:
        if a != b:
            adjacent[a].add(b)
            adjacent[b].add(a)
    parts = _components(nodes, adjacent)
    if centre is not None:
        parts.sort(key=lambda p: centre not in p)
    placed, row_width = [], max(1200.0, math.sqrt(len(nodes)) * 220)
    x = y = row_height = 0.0
    for part in parts:
        pos = _place(part, adjacent, sizes)
        left, top, right, bottom = _bounds(pos, [sizes[n] for n in part])
        if x > 0 and x + right - left > row_width:
            x, y, row_height = 0.0, y + row_height + 3 * GAP, 0.0
        placed += [(n, (p[0] - left + x, p[1] - top + y)) for n, p in zip(part, pos)]
        x += right - left + 3 * GAP
        row_height = max(row_height, bottom - top)
    pos = dict(placed)
    if centre is not None:
        cx, cy = pos[centre]
        pos = {n: (px - cx, py - cy) for n, (px, py) in pos.items()}
    return {n: (round(px, 1), round(py, 1)) for n, (px, py) in sorted(pos.items())}
