"""그림마다 바로 아래에 '**그림 읽기**:'로 시작하는 설명이 있는지, 그림이 한 글자 색('r', 'b', 'g', 'k')을
쓰지 않는지 검사합니다.

그림을 그리는 셀은 기록된 출력에 그림(image/png, image/svg+xml)이 있는 코드 셀입니다. 그 바로 다음 셀은
'**그림 읽기**:'로 시작하는 마크다운이어야 합니다(모두가 읽을 수 있는 그림, 이슈 10).
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_PATHS = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))
READING = "**그림 읽기**:"
FIGURE_MIME = ("image/png", "image/svg+xml")
# plt.plot(..., 'b'), c='k', color='r', 'r--', 'g-' 같은 한 글자 색. 검은 데이터 점도 PALETTE['black']로 씁니다.
COLOR_LITERAL = re.compile(r"""(?:\b(?:c|color)\s*=\s*|,\s*)['"][rgbk](?:--|-\.|-|:|o|s|\.)?['"]""")


def figure_cells(nb):
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any(
            mime in output.get("data", {}) for output in cell.get("outputs", []) for mime in FIGURE_MIME
        ):
            yield i, cell


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_figure_has_a_reading_line_below(path):
    nb = nbformat.read(path, as_version=4)
    missing = []
    for i, cell in figure_cells(nb):
        following = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
        if following is None or following.cell_type != "markdown" or not following.source.startswith(READING):
            missing.append(f"셀 {i}: {cell.source.splitlines()[0]}")
    assert not missing, f"{path.name}: 그림 바로 아래에 '{READING}' 마크다운이 없습니다:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_figures_use_the_palette_not_color_letters(path):
    nb = nbformat.read(path, as_version=4)
    found = [
        f"셀 {i}: {match.group(0)}"
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for match in COLOR_LITERAL.finditer(cell.source)
    ]
    assert not found, f"{path.name}: helpers.PALETTE의 색을 쓰세요:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ("plt.plot(a, b, 'b')", True),
        ("plt.scatter(x, y, c='k', s=50)", True),
        ("plt.plot(w, l, 'r--', label='접선')", True),
        ("ax.plot(h[:, 0], h[:, 1], color='g')", True),
        ("plt.scatter(x, y, color=P['black'], s=50)", False),
        ("print('b')", False),
        ("plt.plot(a, b, ls='--')", False),
    ],
)
def test_color_letter_pattern(source, bad):
    assert bool(COLOR_LITERAL.search(source)) is bad
