# pixels.py: owns finding the report's grid cells in a rendered image (a
# screenshot or a printed page): solid 14x14 squares of one verdict colour
# on a 16-pixel lattice, grouped into 16x16 grids. Positions come from the
# layout (cell 14, pitch 16), never from fixed page coordinates. A printed
# page, rasterised from PDF, may draw a cell a pixel larger: slack=1.
CELL, PITCH = 14, 16


def nearest(rgb, palette, tolerance=8):
    """The class whose colour is within tolerance of rgb, or None."""
    for cls, ref in palette.items():
        if all(abs(a - b) <= tolerance for a, b in zip(rgb, ref)):
            return cls
    return None


def _runs(img, palette, slack):
    """{(x, class): [(y, length), ...]} of horizontal runs CELL long
    (give or take slack)."""
    w, h = img.size
    data = img.convert("RGB").tobytes()
    memo, runs = {}, {}
    for y in range(h):
        row = data[3 * w * y:3 * w * (y + 1)]
        x = 0
        while x < w:
            px = row[3 * x:3 * x + 3]
            cls = memo[px] if px in memo else memo.setdefault(px, nearest(px, palette))
            if cls is None:
                x += 1
                continue
            start = x
            while x < w and (row[3 * x:3 * x + 3] == px or
                             memo.get(row[3 * x:3 * x + 3], -1) == cls):
                x += 1
            if abs(x - start - CELL) <= slack:
                runs.setdefault((start, cls), []).append(y)
    return runs


def find_cells(img, palette, slack=0):
    """[(x, y, class)] of every square of one palette colour CELL wide
    and high (give or take slack)."""
    cells = []
    for (x, cls), ys in _runs(img, palette, slack).items():
        count = 1
        for i in range(1, len(ys) + 1):
            if i < len(ys) and ys[i] == ys[i - 1] + 1:
                count += 1
                continue
            if abs(count - CELL) <= slack:
                cells.append((x, ys[i - 1] - count + 1, cls))
            count = 1
    return cells


def _near(a, b, slack):
    return abs(a[0] - b[0]) <= PITCH + slack and abs(a[1] - b[1]) <= PITCH + slack


def _lattice(group, by_pos, slack):
    """{index: class} of one group of cells from its top-left corner."""
    ox, oy = min(x for x, _ in group), min(y for _, y in group)
    grid = {}
    for x, y in group:
        col, row = round((x - ox) / PITCH), round((y - oy) / PITCH)
        if abs(x - ox - col * PITCH) > slack or abs(y - oy - row * PITCH) > slack \
                or col > 15 or row > 15 or row * 16 + col in grid:
            raise ValueError(f"cell at {(x, y)} off the lattice of {(ox, oy)}")
        grid[row * 16 + col] = by_pos[(x, y)]
    return (oy, ox), grid


def grids(cells, slack=0):
    """The cells grouped into grids (neighbours within one pitch), each
    as {index 0-255: class} from its top-left cell, top to bottom then
    left to right. A group that is not on one 16x16 lattice raises."""
    by_pos = {(x, y): c for x, y, c in cells}
    left, groups = set(by_pos), []
    while left:
        stack = [min(left, key=lambda p: (p[1], p[0]))]
        left.discard(stack[0])
        group = []
        while stack:
            p = stack.pop()
            group.append(p)
            near = [q for q in left if _near(p, q, slack)]
            left.difference_update(near)
            stack += near
        groups.append(_lattice(group, by_pos, slack))
    return [g for _, g in sorted(groups, key=lambda t: t[0])]
